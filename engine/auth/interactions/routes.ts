import type Router from '@koa/router';
import type { Context } from 'koa';
import { errors, type Provider } from 'oidc-provider';
import type { Logger } from 'pino';
import { AttemptLimiter } from '../attempt-limiter.js';
import { scopesForRole, type ProtectedResource } from '../scope-catalog.js';
import type { AuthSettings } from '../settings.js';
import type { UserDirectory } from '../users.js';
import { csrfToken, csrfValid, readForm } from './form.js';
import { sendPage } from './html.js';
import { consentBody, errorBody, loginBody, type ClientFacts, type ScopeLine } from './pages.js';

export interface InteractionDeps {
  provider: () => Provider;
  /** The issuer's origin: the only Origin a form post may come from. */
  origin: () => string;
  users: UserDirectory;
  /** Each protected resource with its resource identifier (the MCP URL). */
  resources: () => ReadonlyArray<{ url: string; resource: ProtectedResource }>;
  csrfKey: Buffer;
  settings: AuthSettings;
  logger: Logger;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * The login and consent pages of the authorization code flow, rendered by the server. oidc-provider
 * sends the browser to `<interaction>/<uid>` with a prompt (login, then consent); the forms post
 * back here, and `interactionResult` hands the outcome to the provider, which resumes the request.
 */
export function mountInteractions(router: Router, deps: InteractionDeps): void {
  const base = deps.settings.paths.interaction;
  const limiter = new AttemptLimiter(deps.settings.loginAttempts.max, deps.settings.loginAttempts.windowSeconds * 1000);

  router.get(`${base}/:uid`, async (ctx) => {
    const details = await load(ctx, deps);
    if (!details) return;
    if (details.prompt.name === 'login') return renderLogin(ctx, deps, details, 200);
    if (details.prompt.name === 'consent') return renderConsent(ctx, deps, details);
    sendPage(ctx, 400, 'Cannot continue', errorBody('Cannot continue', `This server does not handle the ${details.prompt.name} step.`));
  });

  router.post(`${base}/:uid/login`, async (ctx) => {
    const form = await checkedForm(ctx, deps);
    const details = form && (await load(ctx, deps));
    if (!form || !details) return;
    if (details.prompt.name !== 'login') return expired(ctx);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const password = form.get('password') ?? '';
    const key = `${ctx.state.clientIp ?? ctx.ip}|${email.toLowerCase()}`;
    const wait = limiter.blockedFor(key);
    if (wait > 0) {
      ctx.set('Retry-After', String(wait));
      return renderLogin(ctx, deps, details, 429, email, `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
    }
    const user = email && password ? await deps.users.authenticate(email, password) : undefined;
    if (!user) {
      limiter.record(key);
      deps.logger.info({ event: 'login_failed', clientId: details.params.client_id, ip: ctx.state.clientIp }, 'sign-in failed');
      return renderLogin(ctx, deps, details, 401, email, 'The email or password is not correct.');
    }
    limiter.reset(key);
    deps.logger.info({ event: 'login', subject: user.id, clientId: details.params.client_id }, 'signed in');
    // remember: false → the sign-in session lives in a browser-session cookie only.
    await finish(ctx, deps, { login: { accountId: user.id, remember: false } }, false);
  });

  router.post(`${base}/:uid/consent`, async (ctx) => {
    const form = await checkedForm(ctx, deps);
    const details = form && (await load(ctx, deps));
    if (!form || !details) return;
    if (details.prompt.name !== 'consent') return expired(ctx);
    if (form.get('decision') !== 'allow') {
      return finish(ctx, deps, { error: 'access_denied', error_description: 'The user did not allow access.' }, false);
    }
    const plan = await consentPlan(deps, details);
    if (!plan) return expired(ctx);
    if (plan.requested > 0 && plan.grantedCount === 0 && !plan.identity) {
      return finish(ctx, deps, { error: 'access_denied', error_description: "The user's role allows none of the requested scopes." }, false);
    }
    const provider = deps.provider();
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const target = grant ?? new provider.Grant({ accountId: plan.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCClaims?: string[] };
    if (plan.oidc.granted.length > 0) target.addOIDCScope(plan.oidc.granted.join(' '));
    if (plan.oidc.refused.length > 0) target.rejectOIDCScope(plan.oidc.refused.join(' '));
    if (missing.missingOIDCClaims) target.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of plan.perResource) {
      if (scopes.granted.length > 0) target.addResourceScope(indicator, scopes.granted.join(' '));
      // Rejected scopes count as "encountered", so the consent prompt does not come back for them.
      if (scopes.refused.length > 0) target.rejectResourceScope(indicator, scopes.refused.join(' '));
    }
    const grantId = await target.save();
    deps.logger.info({ event: 'consent', subject: plan.accountId, clientId: details.params.client_id }, 'consent given');
    await finish(ctx, deps, { consent: { grantId } }, true);
  });

  router.post(`${base}/:uid/abort`, async (ctx) => {
    const form = await checkedForm(ctx, deps);
    const details = form && (await load(ctx, deps));
    if (!form || !details) return;
    await finish(ctx, deps, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, false);
  });
}

async function load(ctx: Context, deps: InteractionDeps): Promise<Details | undefined> {
  try {
    const details = await deps.provider().interactionDetails(ctx.req, ctx.res);
    if (details.uid === ctx.params.uid) return details;
  } catch (error) {
    // No interaction cookie (another browser, cookies blocked) or it expired; anything else is ours to log.
    if (!(error instanceof errors.SessionNotFound)) throw error;
  }
  expired(ctx);
  return undefined;
}

function expired(ctx: Context): void {
  sendPage(ctx, 400, 'Sign-in expired', errorBody('This sign-in has expired', 'The sign-in page was open too long, or was opened in another browser. Go back to the app and connect again.'));
}

/** Origin check and CSRF token, before anything in the form is believed. */
async function checkedForm(ctx: Context, deps: InteractionDeps): Promise<URLSearchParams | undefined> {
  const origin = ctx.get('origin');
  if (origin && origin !== deps.origin()) {
    sendPage(ctx, 403, 'Forbidden', errorBody('Forbidden', 'This form can only be sent from this server’s own pages.'));
    return undefined;
  }
  const form = await readForm(ctx);
  if (!form || !csrfValid(deps.csrfKey, String(ctx.params.uid), form.get('csrf'))) {
    sendPage(ctx, 403, 'Forbidden', errorBody('Forbidden', 'The form has expired or was not sent from this page. Reload the page and try again.'));
    return undefined;
  }
  return form;
}

async function finish(ctx: Context, deps: InteractionDeps, result: Parameters<Provider['interactionResult']>[2], merge: boolean): Promise<void> {
  const returnTo = await deps.provider().interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
  ctx.redirect(returnTo);
  ctx.status = 303; // RFC 9110 §15.4.4: the browser follows with GET
}

async function clientFacts(deps: InteractionDeps, details: Details): Promise<ClientFacts> {
  const clientId = String(details.params.client_id);
  const client = await deps.provider().Client.find(clientId);
  let redirectHost = '';
  try {
    redirectHost = new URL(String(details.params.redirect_uri)).host;
  } catch {
    redirectHost = String(details.params.redirect_uri ?? '');
  }
  return { name: client?.clientName ?? clientId, redirectHost };
}

async function renderLogin(ctx: Context, deps: InteractionDeps, details: Details, status: number, email?: string, error?: string): Promise<void> {
  const base = `${deps.settings.paths.interaction}/${details.uid}`;
  const body = loginBody({ action: `${base}/login`, abortAction: `${base}/abort`, csrf: csrfToken(deps.csrfKey, details.uid), client: await clientFacts(deps, details), email, error });
  sendPage(ctx, status, 'Sign in', body);
}

interface ConsentPlan {
  accountId: string;
  email: string;
  role: string;
  perResource: Map<string, { granted: string[]; refused: string[] }>;
  /** The same split for the scope parameter as oidc-provider records it (resource scopes are listed there too). */
  oidc: { granted: string[]; refused: string[] };
  granted: ScopeLine[];
  refused: ScopeLine[];
  grantedCount: number;
  /** Scopes asked for and not yet granted or refused: 0 when the client only needs a confirmation. */
  requested: number;
  identity: boolean;
}

/** What this user's role lets the client have, per resource, out of what it asked for. */
async function consentPlan(deps: InteractionDeps, details: Details): Promise<ConsentPlan | undefined> {
  const accountId = details.session?.accountId;
  const user = accountId ? await deps.users.find(accountId) : undefined;
  if (!accountId || !user) return undefined;
  const missing = details.prompt.details as { missingResourceScopes?: Record<string, string[]>; missingOIDCScope?: string[] };
  const perResource = new Map<string, { granted: string[]; refused: string[] }>();
  const granted: ScopeLine[] = [];
  const refused: ScopeLine[] = [];
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    const entry = deps.resources().find((r) => r.url === indicator);
    const allowed = new Set(entry ? scopesForRole(entry.resource, user.role) : []);
    const split = { granted: scopes.filter((s) => allowed.has(s)), refused: scopes.filter((s) => !allowed.has(s)) };
    perResource.set(indicator, split);
    const describe = (name: string): ScopeLine => ({ name, description: entry?.resource.scopes.find((s) => s.name === name)?.description ?? name });
    granted.push(...split.granted.map(describe));
    refused.push(...split.refused.map(describe));
  }
  const identity = (missing.missingOIDCScope ?? []).some((s) => s === 'openid' || s === 'email');
  // A resource scope in the OIDC list follows the role, like its resource; openid, email and offline_access are always granted.
  const resourceScopes = new Set(deps.resources().flatMap((r) => r.resource.scopes.map((s) => s.name)));
  const roleScopes = new Set(deps.resources().flatMap((r) => scopesForRole(r.resource, user.role)));
  const oidcMissing = missing.missingOIDCScope ?? [];
  const oidc = {
    granted: oidcMissing.filter((s) => !resourceScopes.has(s) || roleScopes.has(s)),
    refused: oidcMissing.filter((s) => resourceScopes.has(s) && !roleScopes.has(s)),
  };
  const requested = granted.length + refused.length + oidcMissing.filter((s) => !resourceScopes.has(s)).length;
  return { accountId, email: user.email, role: user.role, perResource, oidc, granted, refused, grantedCount: granted.length, requested, identity };
}

async function renderConsent(ctx: Context, deps: InteractionDeps, details: Details): Promise<void> {
  const plan = await consentPlan(deps, details);
  if (!plan) return expired(ctx);
  const body = consentBody({
    action: `${deps.settings.paths.interaction}/${details.uid}/consent`,
    csrf: csrfToken(deps.csrfKey, details.uid),
    client: await clientFacts(deps, details),
    email: plan.email,
    role: plan.role,
    granted: plan.granted,
    refused: plan.refused,
    identity: plan.identity,
    nothingGrantable: plan.requested > 0 && plan.grantedCount === 0 && !plan.identity,
  });
  sendPage(ctx, 200, 'Allow access?', body);
}
