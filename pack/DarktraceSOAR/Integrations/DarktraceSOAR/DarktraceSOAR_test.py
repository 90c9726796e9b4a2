"""Unit tests of the DarktraceSOAR integration (the shim in DarktraceSOAR.py), shipped in the pack beside it.

Offline: a local HTTP server in a thread plays the Darktrace SOAR plugin and records what it receives. Standard
library only (unittest; pytest collects these TestCase classes too). Needs demistomock and CommonServerPython on
the path: the content repository's, or the stand-ins in the plugin's test/xsoar/fake (its test suite runs this
file with python3 -m unittest inside the generated pack).
"""
import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

import demistomock as demisto
import DarktraceSOAR as shim


class FakePlugin:
    """The plugin's HTTP side: answers scripted (status, body, headers) in order and records every request."""

    def __init__(self):
        self.requests = []
        self.answers = []
        plugin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length).decode('utf-8')
                plugin.requests.append({'path': self.path, 'headers': dict(self.headers), 'body': json.loads(body)})
                status, answer, headers = plugin.answers.pop(0) if plugin.answers else (500, {'detail': 'no answer scripted'}, {})
                raw = answer if isinstance(answer, bytes) else json.dumps(answer).encode('utf-8')
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:{}'.format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def answer(self, status, body, headers=None):
        self.answers.append((status, body, headers or {}))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def instance_params(plugin_url, **extra):
    """Instance parameters, with the token pair under both the legacy names and the credentials parameter."""
    params = {
        'url': 'https://darktrace.example.com',
        'public_api_token': 'pub-token',
        'private_api_token': {'identifier': '', 'password': 'priv-token'},
        'credentials': {'identifier': 'pub-token', 'password': 'priv-token'},
        'plugin_url': plugin_url,
        'plugin_api_key': {'identifier': '', 'password': 'plugin-key'},
        'insecure': False,
        'proxy': False,
    }
    params.update(extra)
    return params


class ShimTestCase(unittest.TestCase):
    def setUp(self):
        self.plugin = FakePlugin()
        self.results = []
        self.errors = []
        self.incidents = None
        self.last_run = {}
        self.last_run_set = []
        self.sleeps = []
        self.command = ''
        self.params = instance_params(self.plugin.url)
        self.args = {}
        self._patch(demisto, 'command', lambda: self.command)
        self._patch(demisto, 'params', lambda: self.params)
        self._patch(demisto, 'args', lambda: self.args)
        self._patch(demisto, 'results', self.results.append)
        self._patch(demisto, 'getLastRun', lambda: self.last_run)
        self._patch(demisto, 'setLastRun', self.last_run_set.append)
        self._patch(demisto, 'incidents', self._set_incidents)
        self._patch(shim, 'return_results', self.results.append)
        self._patch(shim, 'return_error', self._return_error)
        self._patch(shim.time, 'sleep', self.sleeps.append)

    def tearDown(self):
        self.plugin.close()

    def _patch(self, owner, name, value):
        original = getattr(owner, name)
        setattr(owner, name, value)
        self.addCleanup(setattr, owner, name, original)

    def _set_incidents(self, value):
        self.incidents = value

    def _return_error(self, message, error='', outputs=None):
        self.errors.append(message)

    def run_main(self, command, args=None):
        self.command = command
        self.args = args or {}
        shim.main()


class CommandTest(ShimTestCase):
    def test_command_is_forwarded_with_the_instance_and_its_entries_returned(self):
        entry = {'Type': 1, 'ContentsFormat': 'json', 'Contents': {'did': 1}, 'HumanReadable': '### Device', 'EntryContext': {}}
        self.plugin.answer(200, {'ok': True, 'results': [{'entry': entry}]})
        self.run_main('darktrace-get-similar-devices', {'did': '1', 'max_results': '2'})
        self.assertEqual(self.errors, [])
        self.assertEqual(self.results, [entry])
        request = self.plugin.requests[0]
        self.assertEqual(request['path'], '/v1/commands/darktrace-get-similar-devices')
        self.assertEqual(request['headers']['Authorization'], 'Bearer plugin-key')
        self.assertEqual(request['body']['args'], {'did': '1', 'max_results': '2'})
        self.assertEqual(request['body']['view'], 'entry')
        self.assertEqual(request['body']['instance']['url'], 'https://darktrace.example.com')
        self.assertEqual(request['body']['instance']['publicToken'], 'pub-token')
        self.assertEqual(request['body']['instance']['privateToken'], 'priv-token')

    def test_plugin_error_entry_reaches_the_war_room(self):
        problem = {'status': 400, 'detail': 'did: is required', 'retryable': False,
                   'entry': {'Type': 4, 'Contents': 'Failed to execute darktrace-get-similar-devices command.\nError:\ndid: is required'}}
        self.plugin.answer(400, problem, {'Content-Type': 'application/problem+json'})
        self.run_main('darktrace-get-similar-devices', {})
        self.assertEqual(self.errors, ['Failed to execute darktrace-get-similar-devices command.\nError:\ndid: is required'])
        self.assertEqual(self.results, [])

    def test_read_only_command_is_retried_on_503(self):
        read_only = sorted(shim.READ_ONLY_COMMANDS)[0]
        self.plugin.answer(503, {'detail': 'busy'}, {'Retry-After': '2'})
        self.plugin.answer(200, {'ok': True, 'results': [{'entry': {'Type': 1, 'Contents': 'ok'}}]})
        self.run_main(read_only, {})
        self.assertEqual(self.errors, [])
        self.assertEqual(len(self.plugin.requests), 2)
        self.assertEqual(self.sleeps, [2.0])

    def test_execution_command_is_not_retried_on_503(self):
        command = 'darktrace-post-tag-to-device'
        self.assertNotIn(command, shim.READ_ONLY_COMMANDS)
        self.plugin.answer(503, {'detail': 'Darktrace did not answer'})
        self.run_main(command, {'did': '1', 'tag': 'Active Threat'})
        self.assertEqual(len(self.plugin.requests), 1)
        self.assertEqual(self.errors, ['Failed to execute darktrace-post-tag-to-device command.\nError:\nDarktrace did not answer (HTTP 503)'])

    def test_execution_command_is_retried_on_429(self):
        self.plugin.answer(429, {'detail': 'slow down'})
        self.plugin.answer(200, {'ok': True, 'results': [{'entry': {'Type': 1, 'Contents': 'tagged'}}]})
        self.run_main('darktrace-post-tag-to-device', {'did': '1', 'tag': 'Active Threat'})
        self.assertEqual(len(self.plugin.requests), 2)
        self.assertEqual(self.sleeps, [1])

    def test_permanent_error_is_not_retried(self):
        self.plugin.answer(502, {'detail': 'Darktrace rejected the API token pair', 'retryable': False})
        self.run_main(sorted(shim.READ_ONLY_COMMANDS)[0], {})
        self.assertEqual(len(self.plugin.requests), 1)
        self.assertEqual(self.sleeps, [])

    def test_filled_in_default_is_dropped_when_the_old_argument_name_is_used(self):
        for command, aliases in shim.ALIASED_DEFAULTS.items():
            alias, (name, default) = sorted(aliases.items())[0]
            sent = shim.without_filled_defaults(command, {alias: 'chosen', name: default})
            self.assertEqual(sent, {alias: 'chosen'})
            kept = shim.without_filled_defaults(command, {name: default})
            self.assertEqual(kept, {name: default})
            return
        self.skipTest('no argument with an old name has a default')

    def test_answer_that_is_not_json_is_an_error(self):
        self.plugin.answer(200, b'<html>proxy login</html>')
        self.run_main('darktrace-get-similar-devices', {'did': '1'})
        self.assertEqual(len(self.errors), 1)
        self.assertIn('answered with something that is not JSON', self.errors[0])


class ParameterTest(ShimTestCase):
    def test_empty_plugin_url_is_named(self):
        self.params = instance_params('')
        self.run_main('darktrace-get-similar-devices', {'did': '1'})
        self.assertEqual(len(self.errors), 1)
        self.assertIn('"Darktrace SOAR plugin URL" parameter is empty', self.errors[0])
        self.assertEqual(self.plugin.requests, [])

    def test_plugin_url_without_scheme_is_refused(self):
        self.params = instance_params('darktrace-soar.example.com:8080')
        self.run_main('test-module')
        self.assertIn('must start with http:// or https://', self.errors[0])

    def test_missing_plugin_api_key_is_named(self):
        self.params = instance_params(self.plugin.url, plugin_api_key={'identifier': '', 'password': ''})
        self.run_main('test-module')
        self.assertIn('"Plugin API key" parameter is empty', self.errors[0])


class TestButtonTest(ShimTestCase):
    def test_ok(self):
        self.plugin.answer(200, {'ok': True, 'message': 'ok'})
        self.run_main('test-module')
        self.assertEqual(self.results, ['ok'])
        self.assertEqual(self.plugin.requests[0]['path'], '/v1/test')

    def test_failure_message_is_shown(self):
        self.plugin.answer(200, {'ok': False, 'message': 'Darktrace rejected the API token pair'})
        self.run_main('test-module')
        self.assertEqual(self.errors, ['Darktrace rejected the API token pair'])


class FetchTest(ShimTestCase):
    def test_two_fetches_carry_the_last_run_forward(self):
        incident = {'name': 'Darktrace Model Breach #159: Testing::Cheese-y DNS', 'type': 'Darktrace Model Breach', 'rawJSON': '{"pbid": 159}'}
        self.plugin.answer(200, {'incidents': [incident], 'lastRun': {'v': 2, 'cursor': 1}})
        self.run_main('fetch-incidents')
        self.assertEqual(self.incidents, [incident])
        self.assertEqual(self.last_run_set, [{'v': 2, 'cursor': 1}])
        self.assertEqual(self.plugin.requests[0]['body']['lastRun'], {})

        self.last_run = self.last_run_set[-1]
        self.plugin.answer(200, {'incidents': [], 'lastRun': {'v': 2, 'cursor': 2}})
        self.run_main('fetch-incidents')
        self.assertEqual(self.plugin.requests[1]['body']['lastRun'], {'v': 2, 'cursor': 1})
        self.assertEqual(self.incidents, [])
        self.assertEqual(self.last_run_set[-1], {'v': 2, 'cursor': 2})

    def test_failed_fetch_keeps_the_last_run(self):
        self.plugin.answer(200, {'unexpected': True})
        self.run_main('fetch-incidents')
        self.assertEqual(self.last_run_set, [])
        self.assertIsNone(self.incidents)
        self.assertEqual(len(self.errors), 1)
        self.assertIn('answered without incidents and lastRun', self.errors[0])

    def test_fetch_parameters_are_forwarded(self):
        name = shim.FETCH_PARAMS[0]
        self.params = instance_params(self.plugin.url, **{name: 'model-breaches'})
        self.plugin.answer(200, {'incidents': [], 'lastRun': {}})
        self.run_main('fetch-incidents')
        self.assertEqual(self.plugin.requests[0]['body']['params'].get(name), 'model-breaches')


if __name__ == '__main__':
    unittest.main()
