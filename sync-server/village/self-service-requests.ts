import { z } from 'zod';

// What each self-service call may carry; anything else is refused as badRequest.
export const branchCode = z.string().regex(/^[A-Z0-9]{2,16}$/);
export const startBody = z.object({ branch: branchCode, village: z.string().min(1).max(60), name: z.string().min(1).max(40), idNumber: z.string().regex(/^[0-9]{17}[0-9Xx]$/) });
export const verifyBody = z.object({ ticket: z.string().min(10).max(64), code: z.string().regex(/^\d{6}$/) });
export const sessionBody = z.object({ session: z.string().min(10).max(64) });
export const signBody = sessionBody.extend({ contractDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/), signaturePng: z.string().min(100).max(270_000).regex(/^[A-Za-z0-9+/]+=*$/) });
export const drawBody = sessionBody.extend({ amountFen: z.int().min(100).max(100_000_000_00) });
