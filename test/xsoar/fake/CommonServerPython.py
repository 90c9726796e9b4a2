"""A minimal stand-in for XSOAR's CommonServerPython: only what the integration shim uses.

return_results and return_error behave like the real ones (soar-conventions §1.3): a string or a dict goes to
demisto.results as is; return_error emits a Type-4 error entry and exits, except for the commands
the server handles itself (fetch-incidents, ...), where it raises so that the server records a failed run.
"""
import sys

import demistomock as demisto

entryTypes = {'note': 1, 'error': 4, 'warning': 11}
formats = {'json': 'json', 'text': 'text', 'markdown': 'markdown'}

_SERVER_HANDLED = ('fetch-incidents', 'fetch-events', 'fetch-credentials', 'long-running-execution', 'fetch-indicators')


def return_results(results):
    if results is None:
        return
    if isinstance(results, list):
        for item in results:
            return_results(item)
        return
    # A dict is an entry; a string (e.g. test-module's 'ok') is handed over as is.
    demisto.results(results)


def return_error(message, error='', outputs=None):
    demisto._record_error(str(message))
    if demisto.command() in _SERVER_HANDLED:
        raise Exception(message)
    demisto.results({'Type': entryTypes['error'], 'ContentsFormat': formats['text'], 'Contents': str(message),
                     'EntryContext': outputs})
    sys.exit(0)


def send_events_to_xsiam(events, vendor, product):
    """XSIAM's event sink (CommonServerPython): records what the script sent."""
    demisto._send_events(list(events), vendor, product)


__all__ = ['demisto', 'entryTypes', 'formats', 'return_results', 'return_error', 'send_events_to_xsiam']
