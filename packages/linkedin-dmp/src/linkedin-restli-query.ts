/**
 * Builds a Rest.li 2.0 query string: every reserved character of a value percent-encoded
 * (`:` `,` `(` `)` `'` included, spaces as %20), so that a URN such as
 * `urn:li:sponsoredAccount:123` travels as `urn%3Ali%3AsponsoredAccount%3A123`.
 */
export function restliQuery(parameters: Array<[string, string]>): string {
  return parameters.map(([name, value]) => `${encodeRestli(name)}=${encodeRestli(value)}`).join('&');
}

function encodeRestli(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
