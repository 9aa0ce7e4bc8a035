import { z } from 'zod';

/** Validation messages in Simplified Chinese, on both the server and the mini-app. Import once at start. */
z.config(z.locales.zhCN());
