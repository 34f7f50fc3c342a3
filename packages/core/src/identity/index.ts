/** Identity and access: roles, permissions, scope, four eyes, the password policy. */
export * from './roles.ts';
export * from './access.ts';
export * from './identity-words.ts';
export * from './password-policy.ts';
