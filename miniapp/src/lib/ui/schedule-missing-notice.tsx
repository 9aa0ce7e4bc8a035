import { NoticeBar } from 'antd-mobile';

/**
 * The banner province managers see on 首页 and 工作日调整 while the State Council's holiday schedule
 * of a coming or current year is not in the system: reminders then skip only the statutory holidays.
 */
export function ScheduleMissingNotice({ years, onOpen }: { years: readonly number[]; onOpen?: () => void }) {
  if (years.length === 0) return null;
  const which = years.map((y) => `${y} 年`).join('、');
  const content = `尚未录入${which}国务院放假安排：提醒暂按法定节假日估算（不含调休），请在“工作日调整”中录入并确认已录入完整。`;
  return (
    <div
      className="page-section schedule-missing"
      {...(onOpen ? { onClick: onOpen, role: 'link', tabIndex: 0 } : {})}
    >
      <NoticeBar color="alert" wrap content={content} />
    </div>
  );
}
