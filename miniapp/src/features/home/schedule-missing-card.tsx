import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { WORKDAYS_PATH } from '../../lib/links';
import { fetchWorkdayOverrides, reminderKeys } from '../../lib/reminder-api';
import { ScheduleMissingNotice } from '../../lib/ui/schedule-missing-notice';

/** For province managers: next year's (or this year's) official holiday schedule is missing. */
export function ScheduleMissingCard() {
  const navigate = useNavigate();
  const overrides = useQuery({
    queryKey: reminderKeys.overrides(),
    queryFn: ({ signal }) => fetchWorkdayOverrides(signal),
  });
  if (!overrides.data?.editable) return null;
  return (
    <ScheduleMissingNotice years={overrides.data.missingYears} onOpen={() => void navigate(WORKDAYS_PATH)} />
  );
}
