"""The on-disk cache (``.healthlint_cache/``): compiled rulesets and per-file results.

Its entries are all safe to delete at any time:

- **the compiled linter** (configuration + validated, compiled rules), so a
  pre-commit run neither imports ruamel.yaml nor parses a rule file. It is
  named by the healthlint version, the Python version, healthlint's own source
  files, the installed packages (the mtime of each site-packages folder), the
  working directory and the configuration file's bytes; the bytes of every
  file under every style folder and the files of the kind plug-ins are
  checked before it is used. It is a pickle, and a pickle can run code, so
  each entry is signed (HMAC-SHA256) with a per-user key kept outside the
  checkout (``~/.cache/healthlint/cache-key``): an entry planted in the
  repository is ignored, never loaded.
- **results**: one JSON file per article, named by the SHA-256 of the run
  key (the linter's key, the rules that run, the minimum level, the date for
  freshness rules), the path, the format and the file's bytes. Data only,
  signed with the same key: a planted entry could hide findings.
- **the formatter table** (``formatters.json``): entry points by name, signed
  too, since an entry names a module to import.
- **patterns** (``patterns-*.pickle``): the ``regex`` opcodes of the small
  patterns earlier runs compiled from text (module constants, rule options),
  so a run builds them in C (:mod:`healthlint._regex_code`); a signed pickle.
  The compiled linter holds its own patterns' opcodes and RE2 forms.
- **the build memo** (``memo-*.json``): what the last build of the rules
  computed from text (inflected forms, prefix trees, anchors, RE2 forms),
  keyed by a digest of each input, for the next build after an edit
  (:mod:`healthlint._memo`); signed JSON.

The folder may come with the checkout (a pull request can commit it): a cache
folder that is a symlink or another user's is not used at all, a key that is a
link, another user's or readable by others is not trusted, and entries are read
as regular files only, bounded (never a pipe or a device).

Any problem with the cache (unreadable, corrupt, unwritable, another
process writing at the same time) makes healthlint work without it, never fail.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from healthlint import __version__
from healthlint.atomic import write_bytes_atomic
from healthlint.safe_read import owned_dir, read_regular

if TYPE_CHECKING:
    from healthlint.api import FileResult, Linter
    from healthlint.diagnostic import Diagnostic

CACHE_DIR = ".healthlint_cache"
#: bump when the layout of an entry changes
LAYOUT = "1"
_MAGIC = b"healthlint-linter-1\n"
_PATTERNS_MAGIC = b"healthlint-patterns-1\n"
_FORMATTERS_MAGIC = b"healthlint-formatters-1\n"
#: a cache entry (the compiled linter, a file's results) is never read past this size
ENTRY_LIMIT = 64 * 1024 * 1024
_GITIGNORE = "# Created by healthlint automatically.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by healthlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def _sha(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p)
        h.update(b"\x00")
    return h.hexdigest()


def _stat_line(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path} -1 -1"
    return f"{path} {st.st_size} {st.st_mtime_ns}"


def code_fingerprint() -> str:
    """healthlint's own source files and the installed packages, as they are now."""
    lines = [__version__, sys.version, sys.executable, os.environ.get("PYTHONPATH", "")]
    package = os.path.dirname(os.path.abspath(__file__))
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        lines.extend(_stat_line(os.path.join(root, f)) for f in sorted(files) if f.endswith(".py"))
    # installing, upgrading or removing a package (a kind plug-in) touches its site-packages folder
    lines.extend(_stat_line(p) for p in sys.path if os.path.basename(p.rstrip("/\\")) in ("site-packages", "dist-packages"))
    return _sha(*lines)


def _tree_digest(roots: list[Path]) -> str:
    """Every file under every style folder: its path and its bytes."""
    h = hashlib.sha256()
    for root in roots:
        h.update(f"root {root}\x00".encode("utf-8", "surrogatepass"))
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    data = read_regular(path, limit=ENTRY_LIMIT)  # never a pipe or a device
                except OSError as exc:
                    data = b"\xff unreadable " + str(exc).encode("utf-8", "replace")
                h.update(f"{os.path.relpath(path, root)}\x00".encode("utf-8", "surrogatepass"))
                h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def _style_roots(config: Any) -> list[Path]:
    from healthlint.packs import shipped_packs_dir

    return [*(Path(p) for p in config.styles_path), shipped_packs_dir()]


def _kind_files(kinds: Mapping[str, Any]) -> list[str]:
    out = set()
    for kind in kinds.values():
        module = sys.modules.get(type(kind).__module__) or sys.modules.get(getattr(kind, "__module__", ""))
        path = getattr(module, "__file__", None)
        if path:
            out.add(_stat_line(path))
    return sorted(out)


def _lazy_kinds_of(state: dict[str, Any]) -> None:
    """A linter's rulesets with the kinds no rule uses kept by name (:mod:`healthlint._kinds_table`)."""
    from healthlint._kinds_table import lazy_kinds

    sets = [state[k] for k in ("_base", "ruleset") if dataclasses.is_dataclass(state.get(k))]
    if not sets or any(s.kinds is not sets[0].kinds for s in sets):
        return
    table = lazy_kinds(sets[0].kinds, {r.kind for s in sets for r in s.rules})
    for k in ("_base", "ruleset"):
        if k in state:
            state[k] = dataclasses.replace(state[k], kinds=table)


def _plain(value: Any) -> Any:
    """ruamel round-trip values as plain Python values (so loading needs no ruamel)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def _key_file_ok(fd: int) -> bool:
    """True for a regular key file owned by this user, readable by nobody else."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        return False
    return not hasattr(os, "geteuid") or (st.st_uid == os.geteuid() and not st.st_mode & 0o077)


def _read_key(path: str) -> bytes | None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not _key_file_ok(fd):
            return None  # planted by someone else, or a link: never sign or trust with it
        key = os.read(fd, 4096)
    finally:
        os.close(fd)
    return key if len(key) >= 32 else None


def _secret() -> bytes | None:
    """The per-user signing key, created on first use; None when it cannot be had safely.

    The key's folder must be this user's and writable by nobody else, and the key a
    regular file (not a link) of this user readable by nobody else: a key planted in
    a shared cache home would let whoever planted it sign a pickle that runs code.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "healthlint")
    path = os.path.join(folder, "cache-key")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    if not owned_dir(folder, closed_to=0o022):
        return None
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        key = os.urandom(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except FileExistsError:  # another process made it first
        try:
            return _read_key(path)
        except OSError:
            return None
    except OSError:
        return None


class LazyPattern:
    """A ``regex`` pattern compiled on first use: what a cached linter holds instead of compiled ones.

    Compiling the Medical pack's patterns from their text takes ~0.3 s for one
    article (``regex`` parses in Python); a run whose results all come from the
    cache needs none of them. ``code`` is what ``regex`` gave its C compiler
    when the linter was built (:mod:`healthlint._regex_code`): with it the
    pattern compiles in microseconds.
    """

    _METHODS = ("finditer", "search", "match", "fullmatch", "findall", "sub", "subn", "split", "splititer", "scanner")

    def __init__(self, pattern: str, flags: int, code: tuple[Any, ...] | None = None, prep: tuple[str, Any, str] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self.code = code
        #: its RE2 forms and leading guard for the pre-filter (:func:`healthlint.prefilter.prepare`)
        self.prep = prep

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        from healthlint._regex_code import from_code

        compiled = from_code(self.code)
        if compiled is None:
            import regex

            compiled = regex.compile(self.pattern, self.flags)
        for method in self._METHODS:  # later calls find them in the instance: no __getattr__
            self.__dict__[method] = getattr(compiled, method)
        self.__dict__["groups"] = compiled.groups
        self.__dict__["groupindex"] = compiled.groupindex
        return getattr(compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str, int, tuple[Any, ...] | None, tuple[str, Any, str] | None]]:
        return (LazyPattern, (self.pattern, self.flags, self.code, self.prep))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"


def _dumps(obj: Any, codes: dict[tuple[str, int], Any] | None = None, *, forms: bool = True) -> bytes:
    """Pickle ``obj`` with every compiled ``regex`` pattern in it as a :class:`LazyPattern`
    holding its opcodes (from ``codes``, recorded while ``obj`` was built, else compiled again)
    and, with ``forms``, its pre-filter forms (a linter pickled for this run only leaves them
    to be made when a run asks: one article needs none of them, 0.25 s)."""
    import io

    import regex

    from healthlint._regex_code import code_of, recording
    from healthlint.prefilter import prepare

    pattern_type = type(regex.compile(""))
    known = {} if codes is None else codes
    guards: set[int] = set()  # a guard is kept without a guard of its own (none is ever asked of it)

    class Pickler(pickle.Pickler):
        def reducer_override(self, value: Any) -> Any:
            if isinstance(value, pattern_type):
                if id(value) in guards or not forms:
                    return (LazyPattern, (value.pattern, value.flags, code_of(value, known)))
                with recording(known):  # the guard's opcodes, as it compiles
                    prep = prepare(value)
                if prep[1] is not None:
                    guards.add(id(prep[1]))
                return (LazyPattern, (value.pattern, value.flags, code_of(value, known), prep))
            return NotImplemented

    buf = io.BytesIO()
    Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def _payload(linter: Linter, header: dict[str, Any], codes: dict[tuple[str, int], Any] | None, *, forms: bool = True) -> bytes | None:
    """The linter as a cache entry stores it (``(header, body)`` pickled, the rules in ``body``);
    None when it must not be kept: an override's error must keep its line number, and a kind
    plug-in's compiled form may not pickle."""
    config = linter.config
    for o in config.overrides:
        try:
            linter._for_settings({**config.rules, **o.rules})
        except Exception:
            return None
    state = dict(linter.__dict__)
    state["_configured"] = {}
    _lazy_kinds_of(state)
    state["config"] = dataclasses.replace(
        config,
        rules=_plain(config.rules),
        overrides=tuple(dataclasses.replace(o, rules=_plain(o.rules)) for o in config.overrides),
    )
    clone = object.__new__(type(linter))
    clone.__dict__.update(state)
    try:
        from healthlint._deferred import front_of

        body = _dumps(clone, codes, forms=forms)
        return pickle.dumps(({**header, "front": front_of(clone)}, body), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


def _opened(header: dict[str, Any], body: bytes, before: Callable[[], None] | None) -> Linter:
    """The linter of a payload: its rules unpickled when first used (``before()`` runs first)."""
    front = header.get("front")
    if isinstance(front, dict):
        from healthlint._deferred import DeferredLinter

        return DeferredLinter(front, body, before=before, loads=pickle.loads)
    if before is not None:
        before()
    linter: Linter = pickle.loads(body)
    return linter


def _built_apart(work: Callable[[], bytes | None]) -> tuple[Linter, dict[str, Any]] | None:
    """The linter and header of the payload ``work()`` returns in a forked child
    (:mod:`healthlint._apart`); None when it could not run there."""
    from healthlint import _apart, prefilter

    if not _apart.possible():
        return None
    prefilter.available()  # here, so that a missing RE2's notice is printed once, not by the child too
    payload = _apart.run(work)
    if payload is None:
        return None
    try:
        header, body = pickle.loads(payload)  # written by this process's own child
        return _opened(header, body, None), header
    except Exception:
        return None


def build_linter(build: Callable[[], Linter]) -> Linter:
    """``build()``'s linter for a run that does not use the cache, built in a forked child where
    possible so that this process's memory stays what a cached run's is (:mod:`healthlint._apart`)."""
    from healthlint._regex_code import recording

    def work() -> bytes | None:
        codes: dict[tuple[str, int], Any] = {}
        with recording(codes):
            linter = build()
        return _payload(linter, {}, codes, forms=False)

    apart = _built_apart(work)
    return apart[0] if apart is not None else build()


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()


class Cache:
    """A cache folder; every method degrades to "no cache" on any problem.

    The folder comes with the checkout, so a pull request may have committed it, as
    a symlink to somewhere else or with planted entries: a folder that is a symlink
    or another user's is never used (nothing is written through it), and every entry
    read back is signed with this user's key.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root / __version__
        self._ready: bool | None = None
        self._safe: bool | None = None

    def _usable(self) -> bool:
        """True when the cache folder and its version folder are this user's real folders (or not there yet)."""
        if self._safe is None:
            self._safe = all(not os.path.lexists(p) or owned_dir(p) for p in (self.root, self.base))
        return self._safe

    @classmethod
    def for_config(cls, cfg_path: Path | None, cache_dir: str | None = None) -> Cache:
        """``--cache-dir``, else ``.healthlint_cache/`` beside the configuration, else in the current folder."""
        if cache_dir:
            return cls(Path(cache_dir))
        return cls((cfg_path.parent if cfg_path is not None else Path.cwd()) / CACHE_DIR)

    def _ensure(self) -> bool:
        """Create the folder with its ``.gitignore`` (``*``, as Ruff does); False when not writable."""
        if self._ready is None:
            try:
                self.root.parent.mkdir(parents=True, exist_ok=True)
                self._ready = self._usable() and owned_dir(self.root, create=True) and owned_dir(self.base, create=True)
                if self._ready:
                    for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
                        if not os.path.lexists(self.root / name):  # a link or anything else there is left alone
                            write_bytes_atomic(self.root / name, text.encode("ascii"))
            except OSError:
                self._ready = False
        return self._ready

    # -- the compiled linter -------------------------------------------------
    def linter(self, cfg_path: Path | None, build: Callable[[], Linter]) -> tuple[Linter, str | None]:
        """The linter for ``cfg_path`` and its key, from the cache or ``build()`` (then stored).

        The key is None when the linter could not be keyed (results are then not cached).
        """
        try:
            cfg_bytes = read_regular(cfg_path, limit=ENTRY_LIMIT) if cfg_path is not None else b""
        except OSError:
            return build(), None  # load_config reports the problem
        key = _sha("linter", LAYOUT, code_fingerprint(), os.getcwd(), str(cfg_path.resolve()) if cfg_path else "-", cfg_bytes)
        path = self.base / f"linter-{key[:40]}.pickle"
        secret = _secret() if self._usable() else None
        if secret is not None:
            found = self._load_linter(path, secret, before=lambda: self._patterns(key, secret))
            if found is not None:
                linter, digest = found
                return linter, _sha(key, digest)
            self._patterns(key, secret)  # before the linter's modules import and compile theirs
        if secret is None:
            linter = build_linter(build)
            return linter, _sha(key, _tree_digest(_style_roots(linter.config)))
        from healthlint._memo import building
        from healthlint._regex_code import recording

        memo_path = self.base / f"memo-{_sha('memo', key)[:40]}.json"

        def build_and_store() -> tuple[Linter, bytes | None, str]:
            codes: dict[tuple[str, int], Any] = {}
            with building(self._read_signed_json(memo_path, secret)) as used:
                with recording(codes):  # each pattern's opcodes, kept so that a later run compiles it in C
                    linter = build()
                roots = [str(r) for r in _style_roots(linter.config)]
                digest = _tree_digest([Path(r) for r in roots])
                payload = _payload(linter, {"roots": roots, "rules": digest, "kinds": _kind_files(linter.ruleset.kinds)}, codes)
            if payload is not None:
                self._store_linter(path, secret, payload)
            self._write_signed_json(memo_path, secret, used)
            return linter, payload, digest

        apart = _built_apart(lambda: build_and_store()[1])
        if apart is not None:
            return apart[0], _sha(key, apart[1]["rules"])
        linter, _, digest = build_and_store()
        return linter, _sha(key, digest)

    def _read_signed_json(self, path: Path, secret: bytes) -> dict[str, Any]:
        """A signed JSON object written by :meth:`_write_signed_json`, or ``{}``."""
        try:
            blob = read_regular(path, limit=ENTRY_LIMIT, follow=False)
            sig, _, payload = blob.partition(b"\n")
            if hmac.compare_digest(sig, _sign(secret, payload).hex().encode("ascii")):
                data = json.loads(payload)
                if isinstance(data, dict):
                    return data
        except (OSError, ValueError):
            pass
        return {}

    def _write_signed_json(self, path: Path, secret: bytes, data: Mapping[str, Any]) -> None:
        if not self._ensure():
            return
        try:
            payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("ascii")
            write_bytes_atomic(path, _sign(secret, payload).hex().encode("ascii") + b"\n" + payload)
        except (OSError, TypeError, ValueError):
            pass

    def _load_linter(self, path: Path, secret: bytes, *, before: Callable[[], None]) -> tuple[Linter, str] | None:
        """The stored linter, or None; ``before()`` runs before its rules' modules import and
        compile their patterns (at once, or when a :class:`~healthlint._deferred.DeferredLinter`
        first needs its rules)."""
        try:
            blob = read_regular(path, limit=ENTRY_LIMIT, follow=False)
        except OSError:
            return None
        if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 32:
            return None
        sig, payload = blob[len(_MAGIC) : len(_MAGIC) + 32], blob[len(_MAGIC) + 32 :]
        if not hmac.compare_digest(sig, hmac.new(secret, payload, hashlib.sha256).digest()):
            return None  # not written by this user's healthlint: never unpickle it
        try:
            header, body = pickle.loads(payload)
            if _tree_digest([Path(r) for r in header["roots"]]) != header["rules"]:
                return None  # a rule file changed
            if [_stat_line(line.rsplit(" ", 2)[0]) for line in header["kinds"]] != header["kinds"]:
                return None  # a kind plug-in changed
            linter = _opened(header, body, before)
        except Exception:  # a cache boundary: whatever is wrong with an entry, rebuild
            return None
        return linter, header["rules"]

    def _store_linter(self, path: Path, secret: bytes, payload: bytes) -> None:
        if self._ensure():
            sig = hmac.new(secret, payload, hashlib.sha256).digest()
            try:
                write_bytes_atomic(path, _MAGIC + sig + payload)
            except OSError:
                pass

    # -- patterns compiled as the linter runs -----------------------------------
    def _patterns(self, key: str, secret: bytes) -> None:
        """Let ``regex`` build the patterns earlier runs compiled from text (module constants,
        rule options) from their opcodes (:func:`healthlint._regex_code.install`); the ones
        this run compiles from text are added to the entry when the process exits.

        A pickle, so signed like the linter: an unsigned entry is never unpickled.
        """
        import atexit

        from healthlint._regex_code import install, installable

        if not installable():
            return  # installed by an earlier run in this process (the daemon, a test session)
        path = self.base / f"patterns-{_sha('patterns', key)[:40]}.pickle"
        table: dict[tuple[str, int], Any] = {}
        try:
            blob = read_regular(path, limit=ENTRY_LIMIT, follow=False)
            sig, payload = blob[len(_PATTERNS_MAGIC) : len(_PATTERNS_MAGIC) + 32], blob[len(_PATTERNS_MAGIC) + 32 :]
            if blob.startswith(_PATTERNS_MAGIC) and hmac.compare_digest(sig, _sign(secret, payload)):
                loaded = pickle.loads(payload)
                if isinstance(loaded, dict):
                    table = loaded
        except Exception:  # a cache boundary: missing, damaged or foreign, the patterns compile from text
            table = {}
        learned = install(table)
        if learned is None:
            return

        def store() -> None:
            if not learned or not self._ensure():
                return
            merged = {**table, **learned}
            try:
                payload = pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL)
                write_bytes_atomic(path, _PATTERNS_MAGIC + _sign(secret, payload) + payload)
            except Exception:  # unwritable or full: the next run compiles them from text again
                pass

        atexit.register(store)

    # -- formatters ------------------------------------------------------------
    def formatter_table(self) -> dict[str, str] | None:
        """The remembered ``name -> module:attr`` of the formatter entry points, or None.

        Lets :func:`healthlint.plugins.load_formatter` skip ``importlib.metadata``. The
        table is keyed like the linter (installing a package changes the key) and signed
        like it: an unsigned table could name any ``module:attr`` to import.
        """
        secret = _secret() if self._usable() else None
        if secret is None:
            return None  # nothing to sign with: no table, the loader finds the entry point
        try:
            blob = read_regular(self.base / "formatters.json", limit=1 << 20, follow=False)
            sig, payload = blob[len(_FORMATTERS_MAGIC) : len(_FORMATTERS_MAGIC) + 32], blob[len(_FORMATTERS_MAGIC) + 32 :]
            if blob.startswith(_FORMATTERS_MAGIC) and hmac.compare_digest(sig, _sign(secret, payload)):
                data = json.loads(payload)
                table = data["table"] if data.get("key") == self._formatters_key() else None
                if isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
                    return table
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return None

    def store_formatter_table(self, table: Mapping[str, str]) -> None:
        """Remember ``table`` (from :func:`healthlint.plugins.formatter_table`), signed."""
        secret = _secret() if self._usable() else None
        if secret is None or not self._ensure():
            return
        payload = json.dumps({"key": self._formatters_key(), "table": dict(table)}).encode("ascii")
        try:
            write_bytes_atomic(self.base / "formatters.json", _FORMATTERS_MAGIC + _sign(secret, payload) + payload)
        except OSError:
            pass

    def _formatters_key(self) -> str:
        return _sha("formatters", LAYOUT, code_fingerprint())

    # -- results ---------------------------------------------------------------
    def results(self, linter: Linter, linter_key: str | None) -> ResultCache | None:
        """The result store for ``linter`` as configured now (rules, levels, today's date)."""
        secret = _secret() if self._usable() else None
        if linter_key is None or secret is None:
            return None  # results are signed too: without a key, none are read or kept
        import datetime

        rules = ",".join(f"{name}={level}" for name, level in linter.rule_levels())
        # freshness rules compare dates with today (or HEALTHLINT_TODAY): a new day is a new key
        day = f"{os.environ.get('HEALTHLINT_TODAY', '')}/{datetime.date.today().isoformat()}"
        key = _sha("results", LAYOUT, linter_key, rules, linter.min_level.value, day)
        return ResultCache(self, key, secret)


#: the types of a stored finding's row (:meth:`Diagnostic.to_row`), with and without a replacement
_ROW_TYPES = frozenset(
    {
        (int, int, int, int, str, str, str, str, str, int, int),
        (int, int, int, int, str, str, str, str, type(None), int, int),
    }
)


def _well_typed(rows: list[Any]) -> bool:
    """Every row has a finding's shape: numbers where text belongs would crash the sort (exact
    types: a JSON ``true`` is not a line number). One C-level pass a row: a warm run over 2,000
    articles reads 36,000 findings back."""
    shapes = _ROW_TYPES
    return type(rows) is list and all(type(row) is list and tuple(map(type, row)) in shapes for row in rows)


class ResultCache:
    """Per-file results, keyed by content; only runs without errors are stored."""

    def __init__(self, cache: Cache, key: str, secret: bytes) -> None:
        self.cache = cache
        self.key = key
        self.secret = secret
        self.folder = cache.base / "results"
        self._base_name = str(self.folder)
        self.writable = True
        #: result folders known to be this user's real folders
        self._folders: set[str] = set()

    def entry(self, path: str, fmt: str | None, data: bytes) -> str:
        h = hashlib.sha256(f"{self.key}\x00{path}\x00{fmt}\x00".encode("utf-8", "surrogatepass"))
        h.update(data)
        return h.hexdigest()

    def _file(self, entry: str) -> Path:
        return self.folder / entry[:2] / f"{entry[2:]}.json"

    def _file_name(self, entry: str) -> str:
        """:meth:`_file` as a string (a warm run names 2,000 of them: pathlib's parsing showed)."""
        return os.path.join(self._base_name, entry[:2], f"{entry[2:]}.json")

    def get(self, entry: str, path: str) -> list[Diagnostic] | None:
        """The cached diagnostics of an entry, or None (missing, corrupt, from another key)."""
        from healthlint.diagnostic import Diagnostic

        try:
            blob = read_regular(self._file_name(entry), limit=ENTRY_LIMIT, follow=False)
            sig, _, payload = blob.partition(b"\n")
            if not hmac.compare_digest(sig, _sign(self.secret, payload).hex().encode("ascii")):
                return None  # not written by this user's healthlint (planted in the checkout)
            data = json.loads(payload)
            if data.get("key") != entry:
                return None
            rows = data["diagnostics"]
            if not _well_typed(rows):
                return None  # a damaged entry with the right key
            return [Diagnostic.from_row(path, row) for row in rows]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def lookup(self, path: str, data: bytes, *, format: str | None) -> list[Diagnostic] | None:
        """The stored diagnostics for ``data`` shown as ``path``, or None."""
        return self.get(self.entry(path, format, data), path)

    def lint(self, linter: Linter, path: str, data: bytes, *, format: str | None) -> FileResult:
        """``linter.lint_one(path, data)``, answered from the store when the content is unchanged."""
        entry = self.entry(path, format, data)
        hit = self.get(entry, path)
        if hit is not None:
            return hit, []
        diags, errors = linter.lint_one(path, data, format=format)
        if not errors:  # a timeout or a failing plug-in is never cached
            self.put(entry, diags)
        return diags, errors

    def put(self, entry: str, diags: list[Diagnostic]) -> None:
        if not self.writable or not self.cache._ensure():
            return
        rows = [d.to_row() for d in diags]
        text = json.dumps({"key": entry, "diagnostics": rows}, separators=(",", ":"))
        target = self._file(entry)
        payload = text.encode("ascii")
        try:
            if str(target.parent) not in self._folders:
                if not (owned_dir(self.folder, create=True) and owned_dir(target.parent, create=True)):
                    self.writable = False  # a symlink or someone else's folder: never write through it
                    return
                self._folders.add(str(target.parent))
            write_bytes_atomic(target, _sign(self.secret, payload).hex().encode("ascii") + b"\n" + payload)
        except OSError:
            self.writable = False  # a read-only or full disk: go on without storing
