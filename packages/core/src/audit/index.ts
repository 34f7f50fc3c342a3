export * from './audit-chain.ts';
export * from './audit-words.ts';
