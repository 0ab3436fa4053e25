// File upload with progress (XMLHttpRequest reports upload progress; fetch does not).
import { ApiError, refreshSession } from './api.js';
import { session } from './session.js';

function sendOnce(path: string, file: File, onProgress: (fraction: number) => void): Promise<XMLHttpRequest> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    if (session.accessToken) request.setRequestHeader('authorization', `Bearer ${session.accessToken}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve(request);
    request.onerror = () => resolve(request);
    const form = new FormData();
    form.set('file', file, file.name);
    request.send(form);
  });
}

/** Uploads one file as multipart/form-data; resolves the server's answer or rejects in words. */
export async function uploadFile(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<any> {
  let request = await sendOnce(path, file, onProgress);
  if (request.status === 401 && (await refreshSession())) request = await sendOnce(path, file, onProgress);
  let body: any = null;
  try {
    body = JSON.parse(request.responseText);
  } catch {
    body = null;
  }
  if (request.status >= 200 && request.status < 300) return body;
  if (request.status === 0) throw new ApiError(0, 'network', 'The upload was interrupted.');
  throw new ApiError(
    request.status,
    body?.error?.code ?? 'unknown',
    body?.error?.message ?? `Upload failed (${request.status}).`,
  );
}
