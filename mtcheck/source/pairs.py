"""Which source-language original belongs to which translation, and reading it.

The `sources` config key maps a target path template to a source path template, both
relative to the config file's folder (the current folder without a config file):

    [tool.mtcheck.sources]
    "{stem}.en{ext}" = "{stem}.zh{ext}"          # story.en.md ↔ story.zh.md, in any folder
    "en/{path}" = "source/{path}"                # a source/ tree mirroring en/

A `{name}` placeholder matches any text (slashes included); the first template that matches
the whole target path wins. A file that matches a source template is a source: it is not
checked as English. `check --source SRC TARGET` is the same with a one-file mapping.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..document import Document, InputError

if TYPE_CHECKING:
    from ..config import Config

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def convert_sources(value) -> dict[str, str]:
    """The `sources` config value, checked: a table of target template = source template."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError('expected a table of "target template" = "source template"')
    for target, source in value.items():
        unknown = set(_PLACEHOLDER.findall(source)) - set(_PLACEHOLDER.findall(target))
        if unknown:
            raise ValueError(f"{source!r} uses {{{sorted(unknown)[0]}}}, which {target!r} does not define")
    return dict(value)


@lru_cache(maxsize=256)
def _template_regex(template: str) -> re.Pattern:
    out, pos, seen = [], 0, set()
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out))


def _base(config: Config) -> Path:
    return Path(config.source).parent if config.source else Path.cwd()


def _relative(path: str, base: Path, template: str) -> str:
    """The path as a template sees it: absolute for an absolute template, else from `base`."""
    absolute = os.path.abspath(path)
    if os.path.isabs(template):
        return absolute.replace(os.sep, "/")
    return os.path.relpath(absolute, base).replace(os.sep, "/")


def find_source(target: str, config: Config) -> str | None:
    """The source file the config maps `target` to (it may not exist), or None."""
    base = _base(config)
    for target_template, source_template in (config.sources or {}).items():
        m = _template_regex(target_template).fullmatch(_relative(target, base, target_template))
        if m:
            filled = _PLACEHOLDER.sub(lambda p: m.group(p.group(1)), source_template)
            return str(base / filled) if not os.path.isabs(filled) else filled
    return None


def is_source(path: str, config: Config) -> bool:
    """True when `path` is some target's source under the config (then it is not checked as English)."""
    base = _base(config)
    return any(_template_regex(source_template).fullmatch(_relative(path, base, source_template))
               for source_template in (config.sources or {}).values())


def attach_source(doc: Document, source_path: str, encoding: str | None, warn: Callable[[str], None]) -> None:
    """Read the source into `doc.source`; a missing or unreadable source is a warning, and the
    file is then checked without it."""
    shown = os.path.relpath(source_path) if not source_path.startswith("..") else source_path
    try:
        data = Path(source_path).read_bytes()
        doc.source = Document.from_bytes(data, source_path, encoding=encoding)
    except FileNotFoundError:
        warn(f"{doc.path}: source {shown} not found; checked without it")
    except IsADirectoryError:
        warn(f"{doc.path}: source {shown} is a directory; checked without it")
    except OSError as err:
        warn(f"{doc.path}: source {shown} cannot be read ({err.strerror or err}); checked without it")
    except InputError as err:
        warn(f"{doc.path}: source not used: {err}")


def attach_configured_source(doc: Document, path: str, config: Config, warn: Callable[[str], None]) -> None:
    """The one call the runner makes per file: find the file's source and attach it, if any."""
    source = find_source(path, config)
    if source is not None:
        attach_source(doc, source, config.encoding, warn)


def skip_sources(files: list[str], config_for: Callable[[str], Config], skipped: list[str]) -> list[str]:
    """The files that are not sources; the sources are added to `skipped`."""
    kept = []
    for f in files:
        if f != "-" and is_source(f, config_for(f)):
            skipped.append(f)
        else:
            kept.append(f)
    return kept


def source_option(paths: tuple[str, ...] | list[str], source: str) -> dict[str, str]:
    """`check --source SRC TARGET`: a `sources` mapping of the one target to SRC."""
    if len(paths) != 1 or (paths[0] != "-" and Path(paths[0]).is_dir()):
        raise ValueError("--source needs exactly one target file")
    if not os.path.isfile(source):  # named on the command line: a usage error, not a warning
        raise ValueError(f"--source {source}: " + ("not a file" if os.path.exists(source) else "no such file"))
    if paths[0] != "-" and os.path.realpath(paths[0]) == os.path.realpath(source):
        # A source is never checked as English: the target would be skipped, and the run pass.
        raise ValueError(f"--source {source} is the file to check: name its source-language original")
    return {"{path}": os.path.abspath(source)}
