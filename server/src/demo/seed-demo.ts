import {
  classifyEnterprise,
  type EnterpriseSize,
  type Industry,
} from '@coordnet/shared/domain/enterprise-size';
import { makeUscc } from '@coordnet/shared/domain/uscc';
import type { CoordinatorKind, SkillLevel } from '@coordnet/shared/domain/roles';
import type { Db } from '../db/client';
import { enterprises } from '../db/schema/enterprises';
import { jurisdictions } from '../db/schema/jurisdictions';
import { coordinatorRoles, supervisorRoles, users } from '../db/schema/people';
import {
  DEMO_JURISDICTIONS,
  ENTERPRISES_PER_JURISDICTION,
  GIVEN_NAMES,
  NAME_TRADES,
  NAME_WORDS,
  SURNAMES,
} from './demo-data';
import { parentCode } from '@coordnet/shared/domain/jurisdiction-code';

export interface DemoSummary {
  jurisdictions: number;
  enterprises: number;
  users: number;
  signIn: { name: string; role: string }[];
}

const DEPTH = { province: 0, city: 1, county: 2, township: 3, park: 3, community: 4 } as const;

/** A small deterministic generator so every fresh demo database looks the same. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Metrics that land in the wanted size band for the industry (classification is then computed). */
const METRICS: Record<EnterpriseSize, { employees: number; revenue: number; assets: number }> = {
  large: { employees: 2600, revenue: 260_000, assets: 300_000 },
  medium: { employees: 420, revenue: 12_000, assets: 9_000 },
  small: { employees: 60, revenue: 1_200, assets: 2_500 },
  micro: { employees: 8, revenue: 40, assets: 50 },
};

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [any] = await db.select({ code: jurisdictions.code }).from(jurisdictions).limit(1);
  return any === undefined;
}

/** Loads 杭州市西湖区 with its townships, a park, two communities, ~80 enterprises and people of every kind. */
export async function seedDemo(db: Db): Promise<DemoSummary> {
  const rand = random(20230630);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  let mobileSerial = 0;
  const nextMobile = () =>
    `139${String(57_100_000 + mobileSerial++ * 7919)
      .padStart(8, '0')
      .slice(-8)}`;
  // The people named in the demo sign-in list stay unique, so "sign in as 吴静" means one person.
  const reserved = new Set(['陈建国', '林晓燕', '王海峰', '赵敏', '孙立新', '刘芳', '周强', '吴静', '郑磊']);
  const personName = (): string => {
    const name = pick(SURNAMES) + pick(GIVEN_NAMES);
    return reserved.has(name) ? personName() : name;
  };

  return db.transaction(async (tx) => {
    await tx
      .insert(jurisdictions)
      .values(
        DEMO_JURISDICTIONS.map((j) => ({ ...j, parentCode: parentCode(j.code), depth: DEPTH[j.level] })),
      );

    const sizes: EnterpriseSize[] = [
      'large',
      'medium',
      'medium',
      'small',
      'small',
      'small',
      'micro',
      'micro',
      'micro',
      'micro',
    ];
    const enterpriseRows: (typeof enterprises.$inferInsert)[] = [];
    let serial = 0;
    for (const [code, count] of Object.entries(ENTERPRISES_PER_JURISDICTION)) {
      for (let i = 0; i < count; i++) {
        const size = sizes[(serial * 7 + i) % sizes.length]!;
        const { trade, industry } = NAME_TRADES[serial % NAME_TRADES.length]!;
        const metrics = scaleMetrics(size, industry);
        const orgCode = `MA2${String(100_000 + serial * 37).padStart(6, '0')}`;
        const uscc = makeUscc(`91${code.slice(0, 6)}${orgCode}`);
        const name = `杭州${NAME_WORDS[serial % NAME_WORDS.length]}${trade}有限公司`;
        serial++;
        enterpriseRows.push({
          uscc,
          name: enterpriseRows.some((e) => e.name === name)
            ? name.replace('有限公司', `${serial}号有限公司`)
            : name,
          jurisdictionCode: code,
          industry,
          ...metrics,
          declaredSize: serial % 11 === 0 ? size : null,
          computedSize: classifyEnterprise({ industry, ...metrics }),
          contactName: personName(),
          contactMobile: nextMobile(),
          address: `杭州市西湖区${NAME_WORDS[serial % NAME_WORDS.length]}路${10 + serial}号`,
          latitude: 30.26 + rand() * 0.1,
          longitude: 120.03 + rand() * 0.12,
          isKey: size === 'large' || serial % 9 === 0,
        });
      }
    }
    const insertedEnterprises = await tx
      .insert(enterprises)
      .values(enterpriseRows)
      .returning({ id: enterprises.id, code: enterprises.jurisdictionCode, size: enterprises.size });

    const people: { name: string; dingtalkUserId: string; mobile: string }[] = [];
    const roles: (typeof coordinatorRoles.$inferInsert & { person: number })[] = [];
    const supervisors: (typeof supervisorRoles.$inferInsert & { person: number })[] = [];
    const addPerson = (name: string) => {
      people.push({
        name,
        dingtalkUserId: `demo${String(people.length + 1).padStart(4, '0')}`,
        mobile: nextMobile(),
      });
      return people.length - 1;
    };
    const skill = (): SkillLevel | null =>
      pick<SkillLevel | null>([null, null, 'level4', 'level3', 'level2', 'level1']);

    const signIn: DemoSummary['signIn'] = [];
    const supervisor = (
      name: string,
      code: string,
      title: string,
      access: 'manager' | 'viewer' = 'manager',
    ) => {
      const person = addPerson(name);
      supervisors.push({ person, userId: '', jurisdictionCode: code, access, title });
      signIn.push({ name, role: title });
    };
    supervisor('陈建国', '330000000000', '浙江省人力社保厅 劳动关系处');
    supervisor('林晓燕', '330100000000', '杭州市人力社保局 劳动关系处');
    supervisor('王海峰', '330106000000', '西湖区人力社保局 劳动关系科');
    supervisor('赵敏', '330106000000', '西湖区人力社保局（查看）', 'viewer');
    supervisor('孙立新', '330105000000', '拱墅区人力社保局 劳动关系科');

    const grassroots = (name: string, code: string, kind: CoordinatorKind, label?: string) => {
      const person = addPerson(name);
      roles.push({
        person,
        userId: '',
        kind,
        jurisdictionCode: code,
        skillLevel: skill(),
        validFrom: '2024-01-01',
      });
      if (label) signIn.push({ name, role: label });
    };
    grassroots('刘芳', '330106109000', 'township', '三墩镇 乡镇(街道)协调员');
    for (const code of ['330106109000', '330106109000', '330106109000'])
      grassroots(personName(), code, 'township');
    grassroots('周强', '330106400000', 'park', '西湖科技经济园区 园区协调员');
    for (const code of ['330106400000', '330106400000', '330106400000'])
      grassroots(personName(), code, 'park');
    for (const code of [
      '330106005000',
      '330106005000',
      '330106004000',
      '330106004000',
      '330106002000',
      '330106002000',
      '330106110000',
    ]) {
      grassroots(personName(), code, 'township');
    }
    grassroots(personName(), '330105001000', 'township');
    grassroots('吴静', '330106005055', 'community', '翠苑一区社区 社区协调员');
    grassroots(personName(), '330106109001', 'community');
    const organisations: [CoordinatorKind, string][] = [
      ['union', '西湖区总工会（专职集体协商指导员）'],
      ['enterprise_federation', '西湖区企业联合会/企业家协会'],
      ['federation_of_industry', '西湖区工商联（劳动关系监测联络员）'],
      ['industry_association', '西湖区软件行业协会'],
      ['mediation', '西湖区劳动人事争议调解中心'],
      ['legal', '浙江西湖律师事务所'],
    ];
    for (const [kind, organisation] of organisations) {
      const person = addPerson(personName());
      roles.push({
        person,
        userId: '',
        kind,
        jurisdictionCode: '330106000000',
        organisation,
        skillLevel: skill(),
        validFrom: '2024-01-01',
      });
    }

    // Enterprise coordinators per seed §二(一), with some gaps left so staffing reports have something to show.
    insertedEnterprises.forEach((enterprise, index) => {
      const wanted = enterprise.size === 'large' || enterprise.size === 'medium' ? 2 : 1;
      const staffed =
        index % 13 === 5 ? wanted - 1 : enterprise.size === 'micro' && index % 3 === 0 ? 0 : wanted;
      for (let n = 0; n < staffed; n++) {
        const first = index === 0 && n === 0;
        const name = first ? '郑磊' : personName();
        const person = addPerson(name);
        roles.push({
          person,
          userId: '',
          kind: 'enterprise',
          enterpriseId: enterprise.id,
          jurisdictionCode: enterprise.code,
          skillLevel: skill(),
          certificateNo: rand() < 0.4 ? `ZJ${2023}${String(10_000 + person).padStart(6, '0')}` : null,
          validFrom: '2024-01-01',
        });
        if (first) signIn.push({ name, role: '企业劳动关系协调员' });
      }
    });

    const insertedUsers = await tx.insert(users).values(people).returning({ id: users.id });
    const userId = (person: number) => insertedUsers[person]!.id;
    await tx
      .insert(supervisorRoles)
      .values(
        supervisors.map(({ person, ...r }) => ({ ...r, userId: userId(person), validFrom: '2024-01-01' })),
      );
    await tx
      .insert(coordinatorRoles)
      .values(roles.map(({ person, ...r }) => ({ ...r, userId: userId(person) })));

    return {
      jurisdictions: DEMO_JURISDICTIONS.length,
      enterprises: insertedEnterprises.length,
      users: people.length,
      signIn,
    };
  });
}

/** Keeps the metrics inside the wanted band for industries whose thresholds differ from 工业. */
function scaleMetrics(size: EnterpriseSize, industry: Industry) {
  const base = METRICS[size];
  if (industry === 'wholesale' || industry === 'warehousing') {
    const employees = { large: 260, medium: 150, small: 25, micro: 3 }[size];
    return { ...base, employees };
  }
  if (industry === 'real_estate' || industry === 'property_management') {
    return { ...base, employees: { large: 1500, medium: 500, small: 150, micro: 50 }[size] };
  }
  return base;
}
