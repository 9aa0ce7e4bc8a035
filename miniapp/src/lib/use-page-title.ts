import { useEffect } from 'react';
import { setTitle } from './dingtalk';

export function usePageTitle(title: string): void {
  useEffect(() => {
    void setTitle(title);
  }, [title]);
}
