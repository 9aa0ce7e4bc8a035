import { List, Tag } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { coordinatorProfileSchema } from '@coordnet/shared/api/development';
import { apiGet } from '../../lib/api';
import { fetchMyIncentives, trainingKeys } from '../training/training-api';

/** 我的培训与荣誉: my skill certificates, training hours and sessions, competition results and honours. */
export function MyDevelopment({ userId }: { userId: string }) {
  const profile = useQuery({
    queryKey: ['profile', userId],
    queryFn: ({ signal }) =>
      apiGet(`/coordinators/${userId}/profile`, coordinatorProfileSchema, undefined, signal),
  });
  const incentives = useQuery({
    queryKey: trainingKeys.mine,
    queryFn: ({ signal }) => fetchMyIncentives(signal),
  });
  if (!profile.data) return null;
  const { posts, training, awards } = profile.data;
  const mine = incentives.data?.items ?? [];
  const certificates = posts.filter((p) => p.skillLevel);
  return (
    <>
      <h3 className="section-title">培训与荣誉</h3>
      <List>
        {certificates.map((p) => (
          <List.Item
            key={p.roleId}
            description={
              p.certificateNo
                ? `证书 ${p.certificateNo}${p.certificateDate ? ` · ${p.certificateDate}` : ''}`
                : undefined
            }
            extra={<Tag color="success">{p.skillLabel}</Tag>}
          >
            劳动关系协调员职业技能等级
          </List.Item>
        ))}
        <List.Item
          extra={`${training.hoursThisYear} / ${training.hoursTotal} 学时`}
          description="本年 / 累计"
        >
          培训学时
        </List.Item>
        {training.sessions.slice(0, 5).map((s) => (
          <List.Item
            key={s.id}
            description={`${s.heldOn} · ${s.organiser} · ${s.trainer}`}
            extra={`${s.hours} 学时`}
          >
            {s.topic}
          </List.Item>
        ))}
        {awards.map((a) => (
          <List.Item
            key={a.id}
            description={`${a.awardedOn} · ${a.issuer}`}
            extra={<Tag color={a.kind === 'honour' ? 'warning' : 'primary'}>{a.result ?? a.kindLabel}</Tag>}
          >
            {a.title}
          </List.Item>
        ))}
        {mine.map((e) => (
          <List.Item
            key={`${e.kind}:${e.skillLevel ?? e.awardId}`}
            description={[
              e.kind === 'subsidy' ? e.skillLabel : e.detail,
              e.claimedOn ? `申领 ${e.claimedOn}` : null,
              e.paidOn ? `发放 ${e.paidOn}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
            extra={
              <Tag color={e.status === 'paid' ? 'success' : e.status === 'claimed' ? 'primary' : 'default'}>
                {e.statusLabel}
              </Tag>
            }
          >
            {e.kindLabel}
          </List.Item>
        ))}
        {certificates.length === 0 &&
          training.sessions.length === 0 &&
          awards.length === 0 &&
          mine.length === 0 && (
            <List.Item description="参加培训、取得证书或获得荣誉后会显示在这里">暂无记录</List.Item>
          )}
      </List>
    </>
  );
}
