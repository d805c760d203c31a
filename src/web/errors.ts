// Errors a route throws on purpose; the server turns them into Japanese pages or JSON.
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 429 | 503,
    message?: string,
  ) {
    super(message ?? String(status));
  }
}

export const notFound = (message?: string) => new HttpError(404, message);
export const badRequest = (message?: string) => new HttpError(400, message);

/** An old address of a page (e.g. WordPress's /?p=12): answered with 301 to its new one. */
export class MovedPermanently extends Error {
  constructor(readonly location: string) {
    super(`moved to ${location}`);
  }
}
