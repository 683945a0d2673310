/** One generated row: an email (some malformed), a TDID, and whether it is a planted duplicate. */
export interface GeneratedMember {
  email: string;
  tdid: string;
}

/**
 * A reproducible audience: every 50th row has a malformed email and every 20th repeats an earlier
 * person with different casing and spacing, so that the reports show invalid and duplicate counts.
 */
export function* generateAudience(size: number): Generator<GeneratedMember> {
  for (let i = 0; i < size; i++) {
    if (i % 50 === 49) {
      yield { email: i % 100 === 49 ? `broken.${i}.example.com` : `two words${i}@example.com`, tdid: `not-a-guid-${i}` };
    } else if (i % 20 === 19) {
      const earlier = i - 7;
      yield { email: `  Person.${earlier}@Example.COM `, tdid: tdidOf(earlier).toUpperCase() };
    } else {
      yield { email: `person.${i}@example.com`, tdid: tdidOf(i) };
    }
  }
}

/** A deterministic GUID per person. */
export function tdidOf(i: number): string {
  const hex = (i * 2654435761 >>> 0).toString(16).padStart(8, '0') + i.toString(16).padStart(24, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
