import { z } from 'zod';
import { credentialUrlProblem } from '../../domain/net/secure-remote';

const feedUser = z.object({ JINGWEI_FEED_USER: z.string().min(1), JINGWEI_FEED_PASSWORD: z.string().min(1) });

/**
 * Head office's feed publisher (role feed-publisher) at `url`, its name and password from JINGWEI_FEED_USER /
 * JINGWEI_FEED_PASSWORD; null, having said why, when they are missing or the URL would send them in clear text.
 */
export function feedPublisherTarget(url: string): { url: string; user: { name: string; password: string } } | null {
  const env = feedUser.safeParse(process.env);
  if (!env.success) {
    console.error('请设置 JINGWEI_FEED_USER 与 JINGWEI_FEED_PASSWORD（角色 feed-publisher 的用户） set the feed-publisher user in JINGWEI_FEED_USER / JINGWEI_FEED_PASSWORD');
    return null;
  }
  const problem = credentialUrlProblem(url);
  if (problem) {
    console.error(problem);
    return null;
  }
  return { url, user: { name: env.data.JINGWEI_FEED_USER, password: env.data.JINGWEI_FEED_PASSWORD } };
}
