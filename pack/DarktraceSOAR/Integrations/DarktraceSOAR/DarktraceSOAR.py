"""Darktrace SOAR plugin shim for Cortex XSOAR.

Generated into integration.yml by `darktrace-soar gen`; the source lives in src/xsoar/shim.py.

Every command is executed by the Darktrace SOAR plugin (an HTTP service). This script only forwards:
  - a command          -> POST <plugin_url>/v1/commands/<command>  {"args": ..., "instance": ..., "view": "entry"}
  - the Test button    -> POST <plugin_url>/v1/test                {"instance": ..., "params": ...}
  - fetch-incidents    -> POST <plugin_url>/v1/fetch-incidents     {"lastRun": ..., "params": ..., "instance": ...}
  - fetch-events       -> POST <plugin_url>/v1/fetch-events        {"lastRun": ..., "params": ..., "instance": ...}
                          (XSIAM: the events go to send_events_to_xsiam, then lastRun is set)
The Darktrace connection (appliance URL and API token pair) travels inline with every request, so the
plugin stores nothing. The token pair is the `credentials` parameter (public token as user name, private
token as password); an instance configured for the official Darktrace integrations or an earlier version of
this one keeps working with its old parameter names (see token_pair). The tokens are never logged or echoed; the plugin must run with DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true (and
DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS for an appliance on a private address).

Retries: up to 3 attempts, waiting 1 s then 2 s (or the server's Retry-After, at most 30 s).
  - Read-only commands, the Test button, fetch-incidents and fetch-events are retried on HTTP 429, 502, 503, 504 and on
    connection errors: repeating them cannot change anything. An error the plugin marks `retryable: false`
    (e.g. Darktrace rejected the API tokens) is not retried: repeating cannot fix it.
  - Commands that change Darktrace (execution commands: tagging, watched list) are retried only when the
    request certainly was not applied: HTTP 429 (rejected before any work) or a connection that could not be
    opened. Never on 502/503/504, timeouts or dropped connections: Darktrace may already have applied the
    change, and the analyst should look before running it again.

Standard library only (urllib, http.client, json, socket, ssl, time).
"""
import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

import demistomock as demisto  # noqa: F401
from CommonServerPython import *  # noqa: F401,F403

ATTEMPTS = 3
BACKOFF_SECONDS = (1, 2)
MAX_RETRY_AFTER_SECONDS = 30
TIMEOUT_SECONDS = 120
RETRY_STATUSES = (429, 502, 503, 504)
# Statuses that prove an execution command was not applied: the request was refused before any work.
NOT_APPLIED_STATUSES = (429,)
# Commands that only read (safe to repeat). `darktrace-soar gen` fills this from the plugin's registry when it
# writes integration.yml; a command missing here gets the careful retry policy of execution commands.
READ_ONLY_COMMANDS = frozenset([
    'darktrace-aggregate-metric-records',
    'darktrace-get-ai-analyst-comments',
    'darktrace-get-device-connection-info',
    'darktrace-get-external-endpoint-details',
    'darktrace-get-metric-data',
    'darktrace-get-metric-descriptor',
    'darktrace-get-model',
    'darktrace-get-model-breach',
    'darktrace-get-model-breach-comments',
    'darktrace-get-model-breach-connections',
    'darktrace-get-model-component',
    'darktrace-get-profile',
    'darktrace-get-respond-summary',
    'darktrace-get-similar-devices',
    'darktrace-get-status',
    'darktrace-get-summary-statistics',
    'darktrace-get-tagged-devices',
    'darktrace-get-tags-for-device',
    'darktrace-get-watched-list',
    'darktrace-list-ai-analyst-groups',
    'darktrace-list-ai-analyst-incident-events',
    'darktrace-list-metric-descriptors',
    'darktrace-list-metrics',
    'darktrace-list-respond-actions',
    'darktrace-run-advanced-search-analysis',
])
# Argument names of the official Darktrace pack (aliases) whose current argument has a defaultValue:
# {command: {alias: (argument, default)}}. `darktrace-soar gen` fills this in too; see without_filled_defaults.
ALIASED_DEFAULTS = {
    'darktrace-get-similar-devices': {'maxResults': ('max_results', '5')},
    'darktrace-get-external-endpoint-details': {'additionalInfo': ('additional_info', 'true')},
    'darktrace-get-device-connection-info': {'showAllGraphData': ('show_all_graph_data', 'false'), 'numberOfSimilarDevices': ('num_similar_devices', '0'), 'fullDeviceDetails': ('full_device_details', 'false')},
    'darktrace-list-respond-actions': {'includeCleared': ('include_cleared', 'false'), 'includeHistory': ('include_history', 'false'), 'includeConnections': ('include_connections', 'false'), 'fullDeviceDetails': ('full_device_details', 'false')},
    'darktrace-get-status': {'includeChildren': ('include_children', 'true')},
    'darktrace-list-ai-analyst-incident-events': {'includeAcknowledged': ('include_acknowledged', 'false'), 'includeAllPinned': ('include_all_pinned', 'false')},
    'darktrace-list-ai-analyst-groups': {'includeAcknowledged': ('include_acknowledged', 'false'), 'includeAllPinned': ('include_all_pinned', 'false')},
}
# The fetch parameters forwarded to /v1/test and /v1/fetch-incidents; `darktrace-soar gen` fills this in from
# their declarations in the plugin (src/fetch).
FETCH_PARAMS = ('fetch_sources', 'min_score', 'min_group_score', 'max_fetch', 'first_fetch', 'look_back')
# The events-mode parameters forwarded to /v1/fetch-events (generated the same way).
EVENT_PARAMS = ('event_sources', 'snapshot_interval', 'min_score', 'min_group_score', 'max_fetch', 'first_fetch', 'look_back')
# Old names of those parameters ({name: (old name, ...)}, e.g. max_alerts for max_fetch), read only when an
# instance configuration predates the rename (generated from the same declarations).
PARAM_ALIASES = {'max_fetch': ('max_alerts',)}
# Where instance configurations of the official Darktrace integrations and of earlier versions of this one keep
# the API token pair, in the order they are read: DarktraceAdmin/MBs/AIA (publicApiKey/privateApiKey, type 4),
# DarktraceEventCollector (public_creds/private_creds, type 9 with the token as password), then this
# integration's own earlier public_api_token/private_api_token.
OLD_TOKEN_PARAMS = (('publicApiKey', 'privateApiKey'), ('public_creds', 'private_creds'),
                    ('public_api_token', 'private_api_token'))
EVENT_VENDOR = 'Darktrace'
EVENT_PRODUCT = 'Darktrace'
USER_AGENT = 'darktrace-soar-xsoar-shim/1.0'


class PluginError(Exception):
    """A failure with the message to show in the war room (already in XSOAR's error-entry form)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow redirects: a redirect means plugin_url points at the wrong place."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _bool_param(value):
    if isinstance(value, bool):
        return value
    return str(value or '').strip().lower() in ('true', 'yes', '1')


def _password(value):
    """A type-9 credentials parameter is {identifier, password}; accept a plain string too."""
    if isinstance(value, dict):
        return value.get('password') or ''
    return value or ''


def token_pair(params):
    """The Darktrace API token pair: the `credentials` parameter (identifier = public token, password = private
    token), else, token by token, the first old parameter name that has it (OLD_TOKEN_PARAMS)."""
    credentials = params.get('credentials')
    public = str(credentials.get('identifier') or '').strip() if isinstance(credentials, dict) else ''
    private = str(_password(credentials)).strip()
    for old_public, old_private in OLD_TOKEN_PARAMS:
        public = public or str(_password(params.get(old_public))).strip()
        private = private or str(_password(params.get(old_private))).strip()
    return public, private


class PluginClient:
    def __init__(self, params):
        self.base_url = str(params.get('plugin_url') or '').strip().rstrip('/')
        self.api_key = _password(params.get('plugin_api_key')).strip()
        self.insecure = _bool_param(params.get('insecure'))
        self.proxy = _bool_param(params.get('proxy'))
        if not self.base_url:
            raise PluginError('The "Darktrace SOAR plugin URL" parameter is empty: set it to the URL the plugin '
                              'listens on, e.g. https://darktrace-soar.example.com:8080.')
        if not self.base_url.lower().startswith(('http://', 'https://')):
            raise PluginError('The "Darktrace SOAR plugin URL" parameter must start with http:// or https:// '
                              '(got {!r}).'.format(self.base_url))
        if not self.api_key:
            raise PluginError('The "Plugin API key" parameter is empty: set it to a key from the plugin\'s '
                              'DARKTRACE_SOAR_API_KEYS (write scope to run commands that change Darktrace).')
        public_token, private_token = token_pair(params)
        if not public_token or not private_token:
            # Names the missing half only: neither token is ever echoed.
            raise PluginError('The Darktrace API token pair is incomplete: set the {} in the "Public API Token" / '
                              '"Private API Token" parameter (credentials: the public token as user name, the '
                              'private token as password; Darktrace System Config > API Token).'.format(
                                  ' and '.join(name for name, value in (('public token', public_token),
                                                                       ('private token', private_token))
                                               if not value)))
        self.instance = {
            'url': str(params.get('url') or '').strip(),
            'publicToken': public_token,
            'privateToken': private_token,
            'insecure': self.insecure,
            'proxy': self.proxy,
        }
        context = ssl.create_default_context()
        if self.insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        # proxy unchecked: no proxy at all, even if the container has proxy variables set.
        proxies = urllib.request.ProxyHandler() if self.proxy else urllib.request.ProxyHandler({})
        self.opener = urllib.request.build_opener(proxies, urllib.request.HTTPSHandler(context=context), _NoRedirect())

    def post(self, path, body, command, retry_all=True):
        """POSTs JSON and returns the parsed answer; raises PluginError with the message for the war room."""
        url = self.base_url + path
        data = json.dumps(body).encode('utf-8')
        headers = {
            'Authorization': 'Bearer ' + self.api_key,
            'Content-Type': 'application/json',
            'Accept': 'application/json',
            'User-Agent': USER_AGENT,
        }
        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(url, data=data, headers=headers, method='POST')
            try:
                with self.opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                    return _parse_success(response.read(), command, url)
            except urllib.error.HTTPError as error:
                status = error.code
                payload = _read(error)
                retry_after = _retry_after(error.headers)
                retryable = status in RETRY_STATUSES if retry_all else status in NOT_APPLIED_STATUSES
                if _problem_says_permanent(payload):
                    retryable = False
                if retryable and attempt < ATTEMPTS:
                    _sleep(attempt, retry_after)
                    continue
                raise PluginError(_problem_message(status, error.reason, payload, command, url))
            except urllib.error.URLError as error:
                reason = error.reason
                if isinstance(reason, ssl.SSLError):
                    raise PluginError(_error_text(command, 'TLS error talking to the Darktrace SOAR plugin at {} ({}). '
                                                  'For a self-signed certificate tick "Trust any certificate (not '
                                                  'secure)".'.format(self.base_url, reason)))
                if (retry_all or _not_sent(reason)) and attempt < ATTEMPTS:
                    _sleep(attempt, None)
                    continue
                raise PluginError(_error_text(command, 'Could not reach the Darktrace SOAR plugin at {} ({}). Check '
                                              'the "Darktrace SOAR plugin URL" parameter and that the plugin is '
                                              'running.'.format(self.base_url, reason)))
            except (socket.timeout, TimeoutError, ConnectionError, http.client.HTTPException) as error:
                if retry_all and attempt < ATTEMPTS:
                    _sleep(attempt, None)
                    continue
                raise PluginError(_error_text(command, 'No answer from the Darktrace SOAR plugin at {} ({}).{}'.format(
                    self.base_url, error or type(error).__name__,
                    '' if retry_all else ' The change may or may not have been applied in Darktrace; check '
                                         'before running the command again.')))


def _read(error):
    try:
        return error.read()
    except Exception:  # noqa: BLE001 - the body is only used for the message
        return b''


def _retry_after(headers):
    try:
        value = float((headers or {}).get('Retry-After'))
    except (TypeError, ValueError):
        return None
    return max(0.0, min(value, MAX_RETRY_AFTER_SECONDS))


def _sleep(attempt, retry_after):
    time.sleep(retry_after if retry_after is not None else BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1])


def _problem_says_permanent(payload):
    """The plugin marks errors that repeating cannot fix (e.g. wrong Darktrace tokens) `retryable: false`."""
    try:
        problem = json.loads(payload.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(problem, dict) and problem.get('retryable') is False


def _not_sent(reason):
    """True when the connection could not even be opened, so nothing reached the plugin."""
    return isinstance(reason, (ConnectionRefusedError, socket.gaierror))


def _error_text(command, message):
    return 'Failed to execute {} command.\nError:\n{}'.format(command, message)


def _parse_success(raw, command, url):
    try:
        return json.loads(raw.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        raise PluginError(_error_text(command, 'The Darktrace SOAR plugin at {} answered with something that is '
                                               'not JSON: {!r}'.format(url, raw[:200])))


def _problem_message(status, reason, payload, command, url):
    """The plugin's error entry text (problem+json `entry.Contents`), else the best text we have."""
    try:
        problem = json.loads(payload.decode('utf-8'))
    except (UnicodeDecodeError, ValueError):
        problem = None
    if isinstance(problem, dict):
        entry = problem.get('entry')
        if isinstance(entry, dict) and entry.get('Contents'):
            return str(entry['Contents'])
        if problem.get('detail'):
            return _error_text(command, '{} (HTTP {})'.format(problem['detail'], status))
    text = payload[:300].decode('utf-8', 'replace').strip()
    return _error_text(command, 'The Darktrace SOAR plugin at {} answered HTTP {} {}{}'.format(
        url, status, reason or '', ': ' + text if text else '.'))


def _given(value):
    return value not in (None, '')


def fetch_params(params, names=None):
    """The fetch parameters to forward, each under its current name. A parameter set under its current name wins;
    an instance configured before a rename has only the old name (PARAM_ALIASES), which is read then."""
    out = {}
    for name in (FETCH_PARAMS if names is None else names):
        value = params.get(name)
        if not _given(value):
            value = next((params.get(old) for old in PARAM_ALIASES.get(name, ()) if _given(params.get(old))), None)
        if _given(value):
            out[name] = value
    return out


def without_filled_defaults(command, args):
    """XSOAR fills in the defaultValue of every declared argument. A playbook written for the official pack uses
    the old name (e.g. maxResults) and then both names arrive, which the plugin would reject as given twice with
    different values: drop the filled-in default, the old name is what the author chose."""
    args = dict(args or {})
    for alias, (name, default) in ALIASED_DEFAULTS.get(command, {}).items():
        if args.get(alias) not in (None, '') and name in args and str(args[name]).strip().lower() == default.lower():
            del args[name]
    return args


def run_command(client, command, args):
    args = without_filled_defaults(command, args)
    path = '/v1/commands/' + urllib.parse.quote(command, safe='')
    # The entry view: the war-room entries alone, each value serialised once (the plugin's default view is
    # for SOARs that read outputs and the table directly).
    body = {'args': args, 'instance': client.instance, 'view': 'entry'}
    answer = client.post(path, body, command, retry_all=command in READ_ONLY_COMMANDS)
    results = answer.get('results') if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise PluginError(_error_text(command, 'The Darktrace SOAR plugin answered without results: {!r}'.format(
            answer)[:500]))
    for result in results:
        demisto.results(result['entry'])


def test_module(client, params):
    test_params = dict(fetch_params(params), isFetch=_bool_param(params.get('isFetch')))
    body = {'instance': client.instance, 'params': test_params}
    answer = client.post('/v1/test', body, 'test-module')
    if isinstance(answer, dict) and answer.get('ok') is True:
        return 'ok'
    message = answer.get('message') if isinstance(answer, dict) else None
    raise PluginError(str(message or 'The Darktrace SOAR plugin could not confirm the connection: {!r}'.format(answer)))


def fetch_incidents(client, params):
    last_run = demisto.getLastRun() or {}
    body = {'lastRun': last_run, 'params': fetch_params(params), 'instance': client.instance}
    answer = client.post('/v1/fetch-incidents', body, 'fetch-incidents')
    incidents = answer.get('incidents') if isinstance(answer, dict) else None
    next_run = answer.get('lastRun') if isinstance(answer, dict) else None
    if not isinstance(incidents, list) or not isinstance(next_run, dict):
        raise PluginError(_error_text('fetch-incidents', 'The Darktrace SOAR plugin answered without incidents and '
                                                         'lastRun: {!r}'.format(answer)[:500]))
    demisto.incidents(incidents)
    # Only after a complete, successful fetch: a failed fetch must not move the cursor.
    demisto.setLastRun(next_run)


def fetch_events(client, params):
    last_run = demisto.getLastRun() or {}
    body = {'lastRun': last_run, 'params': fetch_params(params, EVENT_PARAMS), 'instance': client.instance}
    answer = client.post('/v1/fetch-events', body, 'fetch-events')
    events = answer.get('events') if isinstance(answer, dict) else None
    next_run = answer.get('lastRun') if isinstance(answer, dict) else None
    if not isinstance(events, list) or not isinstance(next_run, dict):
        raise PluginError(_error_text('fetch-events', 'The Darktrace SOAR plugin answered without events and '
                                                      'lastRun: {!r}'.format(answer)[:500]))
    send_events_to_xsiam(events, vendor=EVENT_VENDOR, product=EVENT_PRODUCT)  # noqa: F405
    # Only once the events are handed over: a failed fetch or send must not move the cursor.
    demisto.setLastRun(next_run)


def main():
    command = demisto.command()
    try:
        params = demisto.params()
        client = PluginClient(params)
        if command == 'test-module':
            return_results(test_module(client, params))
        elif command == 'fetch-incidents':
            fetch_incidents(client, params)
        elif command == 'fetch-events':
            fetch_events(client, params)
        else:
            run_command(client, command, demisto.args())
    except PluginError as error:
        # For fetch-incidents return_error raises, so XSOAR records a failed fetch and keeps the old lastRun.
        return_error(str(error))
    except Exception as error:  # noqa: BLE001 - every failure must reach the war room
        return_error(_error_text(command, '{}: {}'.format(type(error).__name__, error)))


if __name__ in ('__main__', '__builtin__', 'builtins'):
    main()
