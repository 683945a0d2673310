import { describe, expect, it } from 'vitest';
import { restliQuery } from './linkedin-restli-query.js';
import { bareId, sponsoredAccountUrn } from './linkedin-urn.js';

describe('bareId', () => {
  it('reads a bare id, a URN or an encoded URN', () => {
    expect(bareId('123')).toBe('123');
    expect(bareId('urn:li:dmpSegment:123')).toBe('123');
    expect(bareId('urn%3Ali%3AdmpSegment%3A123')).toBe('123');
    expect(bareId(' 456 ')).toBe('456');
  });

  it('gives undefined for nothing usable', () => {
    expect(bareId(null)).toBeUndefined();
    expect(bareId('')).toBeUndefined();
    expect(bareId('urn:li:dmpSegment:')).toBeUndefined();
  });
});

describe('restliQuery', () => {
  it('percent-encodes every reserved character of a Rest.li 2.0 value', () => {
    expect(restliQuery([['account', sponsoredAccountUrn('42')]])).toBe('account=urn%3Ali%3AsponsoredAccount%3A42');
    expect(restliQuery([['sourceSegmentId', "a b,(c)'d!*"]])).toBe('sourceSegmentId=a%20b%2C%28c%29%27d%21%2A');
  });
});
