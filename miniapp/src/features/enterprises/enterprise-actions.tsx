import { Button } from 'antd-mobile';
import { CameraOutline, ExclamationShieldOutline, PhoneFill } from 'antd-mobile-icons';
import { useNavigate } from 'react-router';
import type { Enterprise } from '@coordnet/shared/api/registry';
import { useSession } from '../../app/session-context';
import { contactPath, riskReportPath, visitPath } from '../../lib/links';
import { canLogWith, canReportRiskAt } from '../../lib/roles';
import type { EnterpriseLinkState } from '../../lib/use-enterprise-name';

/**
 * 记录联络 and 实地走访 for its township/park and community coordinators; 风险上报 for them and for
 * its own coordinators (reporting risks is every coordinator's duty, seed §二(二)).
 */
export function EnterpriseActions({ enterprise }: { enterprise: Enterprise }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const state: EnterpriseLinkState = { enterpriseName: enterprise.name };
  const responsible = canLogWith(user, enterprise.jurisdictionCode);
  const reports = canReportRiskAt(user, enterprise);
  if (!responsible && !reports) return null;
  return (
    <div className="page-section enterprise-actions">
      {responsible && (
        <>
          <Button
            color="primary"
            size="large"
            onClick={() => void navigate(contactPath(enterprise.id), { state })}
          >
            <PhoneFill /> 记录联络
          </Button>
          <Button
            color="primary"
            size="large"
            onClick={() => void navigate(visitPath(enterprise.id), { state })}
          >
            <CameraOutline /> 实地走访
          </Button>
        </>
      )}
      {reports && (
        <Button
          color="danger"
          size="large"
          onClick={() => void navigate(riskReportPath(enterprise.id), { state })}
        >
          <ExclamationShieldOutline /> 风险上报
        </Button>
      )}
    </div>
  );
}
