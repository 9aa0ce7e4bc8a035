import { eq } from 'drizzle-orm';
import { enterprises } from '../../src/db/schema/enterprises';
import { coordinatorRoles, users } from '../../src/db/schema/people';
import type { TestApp } from './test-app';

/**
 * The people of the authorisation matrices (authz-matrix.test.ts, authz-duty.test.ts): one of each
 * kind of post in the demo county, the neighbouring county and nobody. Requests aim at 三墩镇
 * (330106109000) or one of its enterprises.
 */
export const AUTHZ_PEOPLE = {
  province: '陈建国',
  city: '林晓燕',
  countyManager: '王海峰',
  countyViewer: '赵敏',
  otherCounty: '孙立新',
  township: '刘芳',
  park: '周强',
  community: '吴静',
  enterprise: '郑磊',
  anonymous: null,
} as const;
export type Person = keyof typeof AUTHZ_PEOPLE;
export const PERSONS = Object.keys(AUTHZ_PEOPLE) as Person[];

/** Expected status per person. */
export type Expectation = Record<Person, number>;

/**
 * Everyone who can read 三墩镇 gets `inScope`, everyone else `outOfScope` (郑磊, whose enterprise is
 * in 三墩镇 but who reads only that enterprise, gets `enterprise`); nobody signed in gets 401.
 */
export const sanDunReaders = (inScope: number, outOfScope: number, enterprise = outOfScope): Expectation => ({
  province: inScope,
  city: inScope,
  countyManager: inScope,
  countyViewer: inScope,
  otherCounty: outOfScope,
  township: inScope,
  park: outOfScope,
  community: outOfScope,
  enterprise,
  anonymous: 401,
});

/** The same status for everyone signed in. */
export const everyone = (status: number): Expectation => sanDunReaders(status, status);

export const only = (fallback: Expectation, overrides: Partial<Expectation>): Expectation => ({
  ...fallback,
  ...overrides,
});

/** A bearer token for each person but `anonymous`. */
export async function signInEveryone(t: TestApp): Promise<Map<Person, string>> {
  const tokens = new Map<Person, string>();
  for (const person of PERSONS) {
    const name = AUTHZ_PEOPLE[person];
    if (name) tokens.set(person, await t.tokenFor(name));
  }
  return tokens;
}

/** 郑磊's own enterprise (in 三墩镇) and another staffed 三墩镇 enterprise that he cannot read. */
export async function sanDunEnterprises(t: TestApp): Promise<{ own: string; other: string }> {
  const db = t.database.db;
  const [own] = await db
    .select({ id: coordinatorRoles.enterpriseId })
    .from(coordinatorRoles)
    .innerJoin(users, eq(users.id, coordinatorRoles.userId))
    .where(eq(users.name, AUTHZ_PEOPLE.enterprise));
  // One with a coordinator of its own, so routes about its people have someone to aim at.
  const sanDun = await db
    .selectDistinct({ id: enterprises.id })
    .from(enterprises)
    .innerJoin(coordinatorRoles, eq(coordinatorRoles.enterpriseId, enterprises.id))
    .where(eq(enterprises.jurisdictionCode, '330106109000'))
    .orderBy(enterprises.id);
  return { own: own!.id!, other: sanDun.find((e) => e.id !== own!.id)!.id };
}
