"""A minimal stand-in for XSOAR's demistomock, for running the integration shim in tests.

The test writes a JSON file and points DEMISTO_FAKE_IN at it:
    {"command": "...", "params": {...}, "args": {...}, "lastRun": {...}}
Everything the script reports is written to DEMISTO_FAKE_OUT as JSON, after every call (the script may end
with sys.exit or an exception):
    {"results": [entry, ...], "incidents": [...] | null, "lastRun": {...} | null, "lastRunSet": bool,
     "errors": ["message", ...], "logs": [...]}
"""
import json
import os

_IN = os.environ.get('DEMISTO_FAKE_IN')
_OUT = os.environ.get('DEMISTO_FAKE_OUT')

with open(_IN, encoding='utf-8') if _IN else open(os.devnull) as _f:
    _input = json.load(_f) if _IN else {}

_state = {'results': [], 'events': None, 'eventsSentTo': None, 'incidents': None, 'lastRun': None, 'lastRunSet': False, 'errors': [], 'logs': []}


def _save():
    if _OUT:
        with open(_OUT, 'w', encoding='utf-8') as f:
            json.dump(_state, f)


_save()


def command():
    return _input.get('command', '')


def params():
    return _input.get('params', {})


def args():
    return _input.get('args', {})


def getLastRun():
    return _input.get('lastRun') or {}


def setLastRun(value):
    _state['lastRun'] = value
    _state['lastRunSet'] = True
    _save()


def incidents(value):
    _state['incidents'] = value
    _save()


def _send_events(events, vendor, product):
    _state['events'] = (_state['events'] or []) + events
    _state['eventsSentTo'] = {'vendor': vendor, 'product': product}
    _save()


def results(value):
    if isinstance(value, list):
        _state['results'].extend(value)
    else:
        _state['results'].append(value)
    _save()


def _log(level, message):
    _state['logs'].append({'level': level, 'message': str(message)})
    _save()


def debug(message):
    _log('debug', message)


def info(message):
    _log('info', message)


def error(message):
    _log('error', message)


def _record_error(message):
    _state['errors'].append(message)
    _save()
