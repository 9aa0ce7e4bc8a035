import { Button, Card, Dialog, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session-context';
import { displayMobile } from '../../lib/labels';
import {
  AUDIT_LOG_PATH,
  CASES_PATH,
  COMPLIANCE_PATH,
  ASSESSMENT_PATH,
  EVALUATIONS_PATH,
  GUIDANCE_PATH,
  IMPORTS_PATH,
  INCENTIVES_PATH,
  REMINDERS_PATH,
  RISK_CASES_PATH,
  SETTINGS_PATH,
  STATS_PATH,
  TRAINING_PATH,
  WORK_GROUPS_PATH,
  WORKDAYS_PATH,
} from '../../lib/links';
import { dutyRoles, isSupervisor, managerRoles } from '../../lib/roles';
import { describePosts } from '../../lib/posts';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState } from '../../lib/ui/query-states';
import { MyDevelopment } from './my-development';

export function MePage() {
  const { user, signOut } = useSession();
  const posts = describePosts(user);
  const navigate = useNavigate();
  const supervisor = isSupervisor(user);
  const manager = managerRoles(user).length > 0;
  const provinceManager = managerRoles(user).some((r) => r.jurisdictionLevel === 'province');

  const confirmSignOut = async () => {
    if (await Dialog.confirm({ content: '确定退出登录吗？', confirmText: '退出', cancelText: '取消' }))
      signOut();
  };

  return (
    <>
      <PageHeader title="我的" />
      <section className="page-section">
        <Card>
          <h2 className="detail-title">{user.name}</h2>
          <p className="muted">手机 {displayMobile(user.mobile)}</p>
          {user.jurisdictions.length > 0 && (
            <p className="muted">管辖范围 {user.jurisdictions.map((j) => j.name).join('、')}</p>
          )}
        </Card>
      </section>
      <h3 className="section-title">我的岗位</h3>
      {posts.length === 0 ? (
        <EmptyState title="暂无岗位" />
      ) : (
        <List>
          {posts.map((post) => (
            <List.Item
              key={post.key}
              description={post.place}
              extra={
                <Tag color="primary" fill="outline">
                  {post.badge}
                </Tag>
              }
            >
              {post.title}
            </List.Item>
          ))}
        </List>
      )}
      {user.coordinatorRoles.length > 0 && <MyDevelopment userId={user.id} />}
      <List className="page-section">
        {user.jurisdictions.length > 0 && (
          <List.Item
            onClick={() => void navigate(STATS_PATH)}
            description="协调员数量、类别、技能等级、分布、工作和培训"
          >
            协调员信息库
          </List.Item>
        )}
        {user.jurisdictions.length > 0 && (
          <List.Item
            onClick={() => void navigate(COMPLIANCE_PATH)}
            description="企业、乡镇(街道)园区、社区(村)配备是否达标"
          >
            配备达标
          </List.Item>
        )}
        {user.jurisdictions.length > 0 && (
          <List.Item
            onClick={() => void navigate(RISK_CASES_PATH)}
            description="风险报告的受理、处理、办结和逾期上报"
          >
            风险与纠纷
          </List.Item>
        )}
        <List.Item onClick={() => void navigate(CASES_PATH)} description="案例和工作经验交流">
          协调员之家
        </List.Item>
        {supervisor && (
          <List.Item
            onClick={() => void navigate(EVALUATIONS_PATH)}
            description="覆盖面、频次、质量、难度综合评价"
          >
            基层协调员年度评价
          </List.Item>
        )}
        {supervisor && (
          <List.Item
            onClick={() => void navigate(GUIDANCE_PATH)}
            description="县(市、区)每年对企业劳动关系协调员的指导服务"
          >
            年度指导
          </List.Item>
        )}
        {user.supervisorRoles.some((r) => ['province', 'city', 'county'].includes(r.jurisdictionLevel)) && (
          <List.Item
            onClick={() => void navigate(ASSESSMENT_PATH)}
            description="按企业数量比例考核各地配备和履职，对照年度目标排名"
          >
            年度目标考核
          </List.Item>
        )}
      </List>
      {(supervisor || dutyRoles(user).length > 0 || manager) && (
        <List className="page-section">
          <List.Item
            onClick={() => void navigate(REMINDERS_PATH)}
            description="工作群机器人和工作通知发出的提醒及送达情况"
          >
            提醒记录
          </List.Item>
          {supervisor && (
            <List.Item
              onClick={() => void navigate(WORK_GROUPS_PATH)}
              description="各级钉钉工作群及机器人设置"
            >
              工作群
            </List.Item>
          )}
          {manager && (
            <List.Item
              onClick={() => void navigate(SETTINGS_PATH)}
              description="C1/C2 覆盖范围、补录期限、审核层级、提醒日和提醒时段等"
            >
              工作规则设置
            </List.Item>
          )}
          {manager && (
            <List.Item
              onClick={() => void navigate(AUDIT_LOG_PATH)}
              description="谁在何时何地做了什么；查看完整号码和导出醒目标出"
            >
              操作日志
            </List.Item>
          )}
          {manager && (
            <List.Item
              onClick={() => void navigate(TRAINING_PATH)}
              description="登记培训和参训人员、技能竞赛成绩和金牌等荣誉"
            >
              培训与比武
            </List.Item>
          )}
          {supervisor && (
            <List.Item
              onClick={() => void navigate(INCENTIVES_PATH)}
              description="技能提升补贴和金牌劳动关系协调员：待申领、已申领、已发放"
            >
              补贴与金牌名单
            </List.Item>
          )}
          {manager && (
            <List.Item
              onClick={() => void navigate(IMPORTS_PATH)}
              description="从 Excel 或 CSV 导入企业、协调员和区划"
            >
              批量导入
            </List.Item>
          )}
          {provinceManager && (
            <List.Item
              onClick={() => void navigate(WORKDAYS_PATH)}
              description="法定节假日和调休上班日的本省调整"
            >
              工作日调整
            </List.Item>
          )}
        </List>
      )}
      <div className="page-section sign-out">
        <Button block color="danger" fill="outline" size="large" onClick={() => void confirmSignOut()}>
          退出登录
        </Button>
      </div>
    </>
  );
}
