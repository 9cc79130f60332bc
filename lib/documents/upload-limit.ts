/**
 * The upload size limit's words, shared by the server's 413 and the browser, which refuses a file
 * over the limit before sending a byte of it. No server imports: the upload card uses it too.
 */
export function uploadTooLargeMessage(maxBytes: number): string {
  return `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit. Split it or compress it, then upload again.`;
}

/** The server's answer to an empty file, said in the browser before sending. */
export const EMPTY_UPLOAD_MESSAGE = "The file is empty.";
