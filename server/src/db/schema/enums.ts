import { pgEnum } from 'drizzle-orm/pg-core';

export const jurisdictionLevel = pgEnum('jurisdiction_level', [
  'province',
  'city',
  'county',
  'township',
  'park',
  'community',
]);

export const industry = pgEnum('industry', [
  'agriculture',
  'industry',
  'construction',
  'wholesale',
  'retail',
  'transport',
  'warehousing',
  'postal',
  'accommodation',
  'catering',
  'telecom',
  'software',
  'real_estate',
  'property_management',
  'leasing_business',
  'other',
]);

export const enterpriseSize = pgEnum('enterprise_size', ['large', 'medium', 'small', 'micro']);

export const enterpriseStatus = pgEnum('enterprise_status', ['active', 'suspended', 'closed']);

export const coordinatorKind = pgEnum('coordinator_kind', [
  'enterprise',
  'township',
  'park',
  'community',
  'union',
  'enterprise_federation',
  'federation_of_industry',
  'industry_association',
  'mediation',
  'legal',
]);

export const skillLevel = pgEnum('skill_level', ['level4', 'level3', 'level2', 'level1']);

export const supervisorAccess = pgEnum('supervisor_access', ['viewer', 'manager']);
