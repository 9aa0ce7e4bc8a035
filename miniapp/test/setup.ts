import { afterEach } from 'vitest';
import { Toast } from 'antd-mobile';

// antd-mobile draws a toast in a React root of its own and closes it on a 2 s timer; a test that
// ends sooner would leave that timer to render after jsdom is gone ("window is not defined").
afterEach(() => Toast.clear());
