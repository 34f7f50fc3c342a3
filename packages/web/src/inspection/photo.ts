/**
 * Photos from the phone's camera, made ready for the API: JPEG, PNG or WebP in base64. A large
 * photo is scaled down (longest side 1600 px, JPEG) so that a result with several photos stays
 * well under the server's request limit and the phone's storage; a small one goes as taken.
 */
import type { InspectionResultInput } from '../api/api-types.ts';

export type Photo = NonNullable<InspectionResultInput['photos']>[number];

const accepted = ['image/jpeg', 'image/png', 'image/webp'] as const;
type Accepted = (typeof accepted)[number];
const isAccepted = (type: string): type is Accepted => (accepted as readonly string[]).includes(type);

/** Files at most this large are sent as taken. */
const keptAsTaken = 512 * 1024;
const longestSide = 1600;

function base64Of(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(text);
}

async function scaledDown(file: File): Promise<Blob | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return await new Promise((resolve) => {
      canvas.toBlob(resolve, 'image/jpeg', 0.8);
    });
  } catch {
    return null;
  }
}

/** The photo as the API takes it; null when the file is not an image the phone can read. */
export async function photoOf(file: File): Promise<Photo | null> {
  if (file.size <= keptAsTaken && isAccepted(file.type)) {
    return { fileName: file.name, mediaType: file.type, content: base64Of(await file.arrayBuffer()) };
  }
  const scaled = await scaledDown(file);
  if (scaled === null) return null;
  const fileName = `${file.name.replace(/\.[^.]*$/, '')}.jpg`;
  return { fileName, mediaType: 'image/jpeg', content: base64Of(await scaled.arrayBuffer()) };
}
