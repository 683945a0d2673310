import { describe, expect, it } from 'vitest';
import { parseTtdDataErrorBody, readTtdDataFailedLines } from './ttd-data-response.js';

describe('reading TTD Data API answers leniently', () => {
  it('reads FailedLines with numeric or string ItemNumber and any property casing', () => {
    expect(
      readTtdDataFailedLines({
        FailedLines: [
          { ErrorCode: 'MissingUserId', Message: 'm', ItemNumber: 2 },
          { errorCode: 'UserNotMapped', itemNumber: ' 3 ' },
          { ErrorCode: 'Unknown', ItemNumber: 'two' },
          { ItemNumber: 0 },
          'garbage',
        ],
      }),
    ).toEqual([
      { itemNumber: 2, errorCode: 'MissingUserId', message: 'm' },
      { itemNumber: 3, errorCode: 'UserNotMapped', message: undefined },
      { itemNumber: undefined, errorCode: 'Unknown', message: undefined },
      { itemNumber: undefined, errorCode: 'Unknown', message: undefined },
    ]);
  });

  it('reads a JSON body that arrived as a string, and nothing from plain text or empty answers', () => {
    expect(readTtdDataFailedLines('{"FailedLines":[{"ErrorCode":"Uid2Error","ItemNumber":1}]}')).toHaveLength(1);
    expect(readTtdDataFailedLines('Bad Request')).toEqual([]);
    expect(readTtdDataFailedLines(undefined)).toEqual([]);
    expect(readTtdDataFailedLines({})).toEqual([]);
    expect(readTtdDataFailedLines({ FailedLines: null })).toEqual([]);
  });

  it('turns error bodies into a code and message without throwing', () => {
    expect(parseTtdDataErrorBody('TargetingDataLimitReached')).toEqual({ code: 'TargetingDataLimitReached', message: 'TargetingDataLimitReached' });
    expect(parseTtdDataErrorBody('"Invalid signature."')).toEqual({ code: undefined, message: 'Invalid signature.' });
    expect(parseTtdDataErrorBody({ FailedLines: [{ ErrorCode: 'ItemDeserializationError', Message: 'bad' }] })).toEqual({ code: 'ItemDeserializationError', message: 'bad' });
    expect(parseTtdDataErrorBody({ Message: 'Advertiser not configured' })).toEqual({ code: undefined, message: 'Advertiser not configured' });
    expect(parseTtdDataErrorBody('')).toBeUndefined();
    expect(parseTtdDataErrorBody(42)).toBeUndefined();
  });
});
