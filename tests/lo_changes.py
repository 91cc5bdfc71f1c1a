#!/usr/bin/python3
"""Accept or reject every tracked change of Word documents in LibreOffice; print the paragraphs.

Usage:
    lo_changes.py PROFILE_DIR FILE.docx...

Starts one headless LibreOffice (user profile PROFILE_DIR, a pipe connection of its own), opens
each FILE.docx twice, accepts all its tracked changes the first time (.uno:AcceptAllTrackedChanges)
and rejects them all the second (.uno:RejectAllTrackedChanges), and prints for each reading a line
`# accept FILE.docx` (or `# reject`) and then one line per paragraph of the body (those of tables
cell by cell): its style's name, a tab, its text (line breaks as spaces). Exits non-zero if
LibreOffice does not start or does not open a file, or if a tracked change is left.

Needs the Python that has LibreOffice's `uno` module (Debian: python3-uno). Used by
tests/docx.rs; also a tool to check any document by hand.
"""

import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

COMMANDS = {
    "accept": ".uno:AcceptAllTrackedChanges",
    "reject": ".uno:RejectAllTrackedChanges",
}


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start(profile):
    """A headless soffice in a process group of its own, and its component context."""
    pipe = "decl_lo_changes_%d" % os.getpid()
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.time() + 60
    while True:
        try:
            url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            return proc, resolver.resolve(url)
        except Exception:
            if time.time() > deadline:
                stop(proc)
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.2)


def stop(proc):
    """End the soffice started here and what it started (soffice.bin), by process group."""
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def paragraphs(text, out):
    e = text.createEnumeration()
    while e.hasMoreElements():
        el = e.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                paragraphs(el.getCellByName(name), out)
        else:
            line = el.getString().replace("\r", " ").replace("\n", " ")
            out.append("%s\t%s" % (el.ParaStyleName, line))


def reading(desktop, dispatcher, path, which):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise SystemExit("LibreOffice did not open " + path)
    try:
        frame = doc.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, COMMANDS[which], "", 0, ())
        left = doc.Redlines.getCount()
        if left:
            raise SystemExit("%s: %d tracked changes left after %s" % (path, left, which))
        out = []
        paragraphs(doc.Text, out)
        return out
    finally:
        doc.close(True)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    profile, files = sys.argv[1], sys.argv[2:]
    proc, ctx = start(profile)
    try:
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        lines = []
        for path in files:
            for which in ("accept", "reject"):
                lines.append("# %s %s" % (which, path))
                lines.extend(reading(desktop, dispatcher, path, which))
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        stop(proc)
    sys.stdout.write("".join(line + "\n" for line in lines))


if __name__ == "__main__":
    main()
