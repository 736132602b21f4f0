"""The only package that opens sockets: calendar feeds (and, later, CardDAV/CalDAV sync).

Nothing here runs unless the user added a feed or a sync account, and then only towards the
hosts they named: redirects to another host are refused, TLS is verified, every request has
time-outs and a size limit. Built on ``niquests`` (the HTTP library python-caldav 3 uses, so feeds
and sync share one stack; see docs/remote.md). No Qt: services call this, off the GUI thread.
"""
