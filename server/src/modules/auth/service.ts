import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { COORDINATOR_KINDS } from '@coordnet/shared/domain/roles';
import { maskMobile } from '@coordnet/shared/domain/personal-data';
import type { DevUser, Me } from '@coordnet/shared/api/auth';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { jurisdictions } from '../../db/schema/jurisdictions';
import { coordinatorRoles, supervisorRoles, users } from '../../db/schema/people';
import type { DingTalkClient } from '../../integrations/dingtalk/types';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { loadPrincipal, type Principal } from './principal';

const devUserRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  jurisdiction_name: z.string(),
});

export function createAuthService({
  db,
  dingtalk,
  clock,
}: {
  db: Db;
  dingtalk: DingTalkClient;
  clock: Clock;
}) {
  async function principalOrThrow(userId: string): Promise<Principal> {
    const principal = await loadPrincipal(db, userId, clock.now());
    if (!principal) throw new AppError('user_inactive');
    if (principal.coordinatorRoles.length === 0 && principal.supervisorRoles.length === 0) {
      throw new AppError('user_not_registered');
    }
    return principal;
  }

  return {
    /** DingTalk 免登: auth code → DingTalk userid → our active user with at least one current post. */
    async signInWithDingTalk(authCode: string): Promise<Principal> {
      if (!dingtalk.configured)
        throw new AppError('dingtalk_unavailable', '服务器未配置钉钉应用，暂不能使用钉钉登录');
      const result = await dingtalk.userByAuthCode(authCode);
      if (!result.ok) {
        if (result.kind === 'auth_code_invalid') throw new AppError('auth_code_invalid');
        throw new AppError('dingtalk_unavailable', undefined, { errcode: result.errcode });
      }
      const [user] = await db
        .select({ id: users.id, active: users.active })
        .from(users)
        .where(eq(users.dingtalkUserId, result.value.userId));
      if (!user) throw new AppError('user_not_registered');
      if (!user.active) throw new AppError('user_inactive');
      return principalOrThrow(user.id);
    },

    async signInAsDevUser(userId: string): Promise<Principal> {
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
      if (!user) throw new AppError('not_found', '演示用户不存在');
      return principalOrThrow(userId);
    },

    /** Demo users with their first post, for the development sign-in page. */
    async devUsers(): Promise<DevUser[]> {
      const rows = await db.execute(sql`
        select u.id, u.name, r.role, j.name as jurisdiction_name
        from ${users} u
        join lateral (
          select 'supervisor:' || s.access as role, s.jurisdiction_code as code, 0 as rank
            from ${supervisorRoles} s where s.user_id = u.id
          union all
          select 'coordinator:' || c.kind, c.jurisdiction_code, 1
            from ${coordinatorRoles} c where c.user_id = u.id
          order by rank, code
          limit 1
        ) r on true
        join ${jurisdictions} j on j.code = r.code
        where u.active
        order by r.rank, length(rtrim(r.code, '0')), r.code, u.name
        limit 200`);
      return rowsOf(devUserRowSchema, rows).map((row) => ({
        id: row.id,
        name: row.name,
        roleLabel: roleLabel(row.role),
        jurisdictionName: row.jurisdiction_name,
      }));
    },

    me(principal: Principal): Me {
      const roots = new Map<
        string,
        { code: string; name: string; level: Me['jurisdictions'][number]['level'] }
      >();
      for (const role of [
        ...principal.supervisorRoles,
        ...principal.coordinatorRoles.filter((r) => r.kind !== 'enterprise'),
      ]) {
        roots.set(role.jurisdictionCode, {
          code: role.jurisdictionCode,
          name: role.jurisdictionName,
          level: role.jurisdictionLevel,
        });
      }
      return {
        id: principal.user.id,
        name: principal.user.name,
        mobile: principal.user.mobile ? maskMobile(principal.user.mobile) : null,
        coordinatorRoles: principal.coordinatorRoles.map((r) => ({
          id: r.id,
          kind: r.kind,
          kindLabel: COORDINATOR_KINDS[r.kind],
          jurisdictionCode: r.jurisdictionCode,
          jurisdictionName: r.jurisdictionName,
          enterpriseId: r.enterpriseId,
          enterpriseName: r.enterpriseName,
          skillLevel: r.skillLevel,
        })),
        supervisorRoles: principal.supervisorRoles,
        jurisdictions: principal.scope.rootCodes.flatMap((code) => roots.get(code) ?? []),
        enterpriseIds: principal.scope.enterpriseIds,
      };
    },
  };
}

function roleLabel(role: string): string {
  const [type, value] = role.split(':') as [string, string];
  if (type === 'supervisor') return value === 'manager' ? '人力社保局监管人员' : '人力社保局查看人员';
  return COORDINATOR_KINDS[value as keyof typeof COORDINATOR_KINDS] ?? value;
}

export type AuthService = ReturnType<typeof createAuthService>;
