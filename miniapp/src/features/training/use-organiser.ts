import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { managerRoles } from '../../lib/roles';

/** The level I record for: `?jurisdiction=` if it is one I manage, else my first manager post. */
export function useOrganiser() {
  const { user } = useSession();
  const [params] = useSearchParams();
  const roles = managerRoles(user);
  const asked = params.get('jurisdiction');
  const role = roles.find((r) => r.jurisdictionCode === asked) ?? roles[0] ?? null;
  return { roles, role };
}
