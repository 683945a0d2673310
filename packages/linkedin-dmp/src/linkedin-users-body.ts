import { writeJsonBody } from '@x/core';
import type { LinkedInUserElement } from './linkedin-user-rules.js';

const PROFILE_FIELDS = ['firstName', 'lastName', 'title', 'company', 'country'] as const;

/**
 * The `/users` BATCH_CREATE body, `{"elements":[...]}`, as bytes. Each element is written by hand,
 * the same JSON that JSON.stringify gives (same keys, same order), at less than half its cost:
 * there are 5,000 of them per request. Free-text fields still go through JSON.stringify.
 */
export function linkedInUsersBody(elements: readonly LinkedInUserElement[]): Buffer {
  return writeJsonBody({
    head: '{"elements":[',
    tail: ']}',
    count: elements.length,
    chunk: (start, end) => {
      const parts = new Array<string>(end - start);
      for (let i = start; i < end; i++) parts[i - start] = linkedInElementJson(elements[i] as LinkedInUserElement);
      return parts.join(',');
    },
  });
}

/**
 * One element as JSON, byte for byte what JSON.stringify writes. User ids are written as they are:
 * `linkedInUserRules` lets only hex hashes and lowercase GUIDs through, which need no escaping
 * (a regex check per id cost 10% of a sync).
 */
export function linkedInElementJson(element: LinkedInUserElement): string {
  let json = `{"action":"${element.action}","userIds":[`;
  for (let i = 0; i < element.userIds.length; i++) {
    const id = element.userIds[i] as LinkedInUserElement['userIds'][number];
    json += `${i === 0 ? '' : ','}{"idType":"${id.idType}","idValue":"${id.idValue}"}`;
  }
  json += ']';
  for (const field of PROFILE_FIELDS) {
    const value = element[field];
    if (value !== undefined) json += `,"${field}":${JSON.stringify(value)}`;
  }
  return `${json}}`;
}
