"""`mkdocs.yml` as both `mkdocs build` and `honours check` read it.

The build gets its values from MkDocs and checks the plugin's options with
`plugin_options`; `honours check` reads the file with `read_settings`, which
calls the same function, so the two cannot disagree on the build date, the
portrait shape or the cache folder, and say the same words when a value is bad.

The file is read safely: `!ENV` is resolved the way MkDocs resolves it, any
other tag (`!!python/name:…`, `!relative`) is accepted and left alone, and
nothing is imported or run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ..media.portraits import parse_aspect
from ..model.stages import TodayError, build_date
from ..sources.problems import Mark, Problem, display_path
from ..sources.richtext import BUILTIN_EXTENSIONS, MarkdownOptions

CONFIG_NAME = "mkdocs.yml"
PLUGIN = "honours"
# The theme that ships in the package: templates, fragments, stylesheets, the screen script, the font.
PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme"
DEFAULT_CACHE = ".cache"
DEFAULT_ASPECT = "3:4"


class SettingsError(Exception):
    """Every problem of the settings, one per line, in Chinese, each naming its file."""


@dataclass(frozen=True)
class Options:
    """The `honours` plugin's options, checked."""

    today: date
    portrait_aspect: tuple[int, int]
    cache_dir: str

    def cache_path(self, root: Path) -> Path:
        """The cache (`.cache/` by default) of a project whose mkdocs.yml is in `root`."""
        return root / self.cache_dir


@dataclass(frozen=True)
class Settings:
    """What a build of one project uses; paths are resolved against the folder of mkdocs.yml."""

    config_file: Path | None  # None: a content folder checked without a mkdocs.yml
    root: Path
    docs_dir: Path
    site_dir: Path
    custom_dir: Path | None
    options: Options
    plugin_enabled: bool = True  # mkdocs.yml lists the honours plugin
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)  # markdown_extensions
    site_url: str | None = None  # where the site is published: printed QR codes point there

    @property
    def today(self) -> date:
        return self.options.today

    @property
    def portrait_aspect(self) -> tuple[int, int]:
        return self.options.portrait_aspect

    @property
    def cache_path(self) -> Path:
        return self.options.cache_path(self.root)

    @property
    def theme_dirs(self) -> list[Path]:
        """Where theme files are looked up, as the build does: custom_dir, then the package."""
        return [d for d in (self.custom_dir, PACKAGE_THEME) if d is not None]

    def theme_file(self, relative: str) -> Path | None:
        return theme_file(self.theme_dirs, relative)


def with_package_theme(dirs: Iterable[str | Path], custom_dir: str | Path | None) -> list[str]:
    """The theme folders with the package's right after the centre's custom_dir (first when there
    is none): a centre overrides any of our files, and ours come before the theme's own."""
    folders = [str(d) for d in dirs]
    ours = str(PACKAGE_THEME)
    if ours not in folders:
        custom = str(custom_dir) if custom_dir is not None else None
        folders.insert(folders.index(custom) + 1 if custom in folders else 0, ours)
    return folders


def theme_file(dirs: Iterable[str | Path], relative: str) -> Path | None:
    """A file of the theme, looked up like templates: the first folder that has it."""
    for folder in dirs:
        candidate = Path(folder) / relative
        if candidate.is_file():
            return candidate
    return None


# -- the plugin's options ---------------------------------------------------------------------
def plugin_options(
    raw: Mapping[str, object],
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Options:
    """Check the options as written (`raw`: what the YAML gave; missing or empty is the default,
    as MkDocs has it).

    Raises SettingsError with every bad value, each as `mkdocs.yml:行:列: 错误：…`."""
    env = os.environ if environ is None else environ
    errors: list[str] = []
    where = _Locator(Path(config_file) if config_file else None)

    today = date.today()
    written_today = raw.get("today")
    if isinstance(written_today, datetime):  # YAML reads 2024-06-25T09:00 as a moment
        written_today = written_today.isoformat()
    try:
        today = build_date(written_today, dict(env))
    except TodayError as exc:
        if env.get("HONOURS_TODAY"):
            errors.append(f"环境变量 HONOURS_TODAY: 错误：{exc}")
        else:
            errors.append(where.problem(("today",), str(exc)))

    aspect = parse_aspect(DEFAULT_ASPECT)
    written_aspect = _or_default(raw.get("portrait_aspect"), DEFAULT_ASPECT)
    try:
        if isinstance(written_aspect, bool) or not isinstance(written_aspect, (str, int)):
            raise ValueError(
                f"portrait_aspect 的值“{_shown(written_aspect)}”无效：应写作 宽:高，如 3:4"
            )
        aspect = parse_aspect(str(written_aspect))
    except ValueError as exc:
        message = str(exc)
        if isinstance(written_aspect, int) and not isinstance(written_aspect, bool):
            # YAML reads an unquoted 3:4 as the base-60 number 184.
            message += '（请加引号，如 portrait_aspect: "3:4"）'
        errors.append(where.problem(("portrait_aspect",), message))

    cache_dir = _or_default(raw.get("cache_dir"), DEFAULT_CACHE)
    if not isinstance(cache_dir, str) or not cache_dir.strip():
        errors.append(
            where.problem(
                ("cache_dir",),
                f"cache_dir 的值“{_shown(cache_dir)}”无效：应写作文件夹路径，如 .cache",
            )
        )
        cache_dir = DEFAULT_CACHE

    if errors:
        raise SettingsError("\n".join(errors))
    return Options(today=today, portrait_aspect=aspect, cache_dir=cache_dir)


# -- mkdocs.yml ----------------------------------------------------------------------------------
def read_settings(config_file: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """mkdocs.yml read as the build reads it. Raises SettingsError naming the file."""
    path = config_file.absolute()
    document = _Document.read(path)
    data, root = document.data, path.parent
    errors: list[str] = []

    def folder(key: str, default: str) -> Path:
        value = _or_default(data.get(key), default)
        if not isinstance(value, str) or not value.strip():
            errors.append(
                document.problem((key,), f"{key} 的值“{_shown(value)}”无效：应写作文件夹路径")
            )
            return root / default
        return root / value

    docs_dir = folder("docs_dir", "docs")
    site_dir = folder("site_dir", "site")

    custom_dir = None
    theme = data.get("theme")
    if isinstance(theme, Mapping):
        written = theme.get("custom_dir")
        if written is not None:
            if not isinstance(written, str) or not written.strip():
                errors.append(
                    document.problem(
                        ("theme", "custom_dir"),
                        f"custom_dir 的值“{_shown(written)}”无效：应写作文件夹路径",
                    )
                )
            elif not (root / written).is_dir():
                errors.append(
                    document.problem(
                        ("theme", "custom_dir"), f"custom_dir 指向的文件夹“{written}”不存在"
                    )
                )
            else:
                custom_dir = root / written

    raw, enabled = _plugin_config(data.get("plugins"))
    try:
        options = plugin_options(raw, path, environ)
    except SettingsError as exc:
        raise SettingsError("\n".join([*errors, str(exc)])) from None
    if errors:
        raise SettingsError("\n".join(errors))
    markdown = markdown_options(data.get("markdown_extensions"))
    site_url = data.get("site_url")
    site_url = site_url.strip() if isinstance(site_url, str) and site_url.strip() else None
    return Settings(
        path, root, docs_dir, site_dir, custom_dir, options, enabled, markdown, site_url
    )


def default_settings(docs_dir: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """A content folder without a mkdocs.yml: the build's defaults, the project beside it."""
    docs_dir = docs_dir.absolute()
    options = plugin_options({}, None, environ)
    return Settings(None, docs_dir.parent, docs_dir, docs_dir.parent / "site", None, options)


def project_settings(
    config_file: Path | None = None,
    docs_dir: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings `honours check` uses: `config_file` when given; else the mkdocs.yml beside
    the content folder (`docs_dir`, or ./mkdocs.yml); else the defaults for `docs_dir` (./content).
    A `docs_dir` given here wins over the file's."""
    if config_file is None:
        beside = (docs_dir.parent if docs_dir is not None else Path()) / CONFIG_NAME
        config_file = beside if beside.is_file() else None
    if config_file is None:
        return default_settings(docs_dir or Path("content"), environ)
    settings = read_settings(config_file, environ)
    return replace(settings, docs_dir=docs_dir.absolute()) if docs_dir is not None else settings


def markdown_options(written: object) -> MarkdownOptions:
    """`markdown_extensions` as MkDocs reads it: a list of names and one-key mappings (or one
    mapping), after the extensions MkDocs always adds. What MkDocs would refuse is left out (the
    build says so), and so is a setting behind a tag we do not run (`!!python/name:…`): the
    extension then keeps its default."""
    items: list[tuple[object, object]] = []
    if isinstance(written, Mapping):
        items = list(written.items())
    elif isinstance(written, list):
        for item in written:
            if isinstance(item, Mapping) and len(item) == 1:
                items.extend(item.items())
            elif isinstance(item, str):
                items.append((item, None))
    extensions = list(BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for name, config in items:
        if not isinstance(name, str):
            continue
        if name not in extensions:
            extensions.append(name)
        if isinstance(config, Mapping):
            configs[name] = {str(k): v for k, v in config.items() if not _has_unknown_tag(v)}
    return MarkdownOptions(tuple(extensions), configs)


def _has_unknown_tag(value: object) -> bool:
    if isinstance(value, UnknownTag):
        return True
    if isinstance(value, Mapping):
        return any(_has_unknown_tag(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown_tag(v) for v in value)
    return False


def _plugin_config(plugins: object) -> tuple[dict[str, object], bool]:
    """The honours plugin's options from `plugins:` (a list of names and one-key mappings, or a
    mapping), and whether it is listed at all."""
    if isinstance(plugins, Mapping):
        if PLUGIN in plugins:
            options = plugins[PLUGIN]
            return (dict(options) if isinstance(options, Mapping) else {}), True
        return {}, False
    if isinstance(plugins, list):
        for item in plugins:
            if item == PLUGIN:
                return {}, True
            if isinstance(item, Mapping) and PLUGIN in item:
                options = item[PLUGIN]
                return (dict(options) if isinstance(options, Mapping) else {}), True
    return {}, False


def _or_default(value: object, default: str) -> object:
    return default if value is None else value


def _shown(value: object) -> str:
    if isinstance(value, UnknownTag):
        return value.tag
    return "" if value is None else str(value)


# -- reading YAML safely, with positions ------------------------------------------------------
@dataclass(frozen=True)
class UnknownTag:
    """A value behind a tag we do not run, e.g. `!!python/name:material.extensions.emoji.twemoji`."""

    tag: str


class _Loader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml, minus anything that would import or run code."""


def _construct_env(loader: _Loader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs (pyyaml-env-tag) resolves them."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        return UnknownTag("!ENV")
    for name in names:
        if name in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _construct_unknown(loader: _Loader, suffix: str, node: yaml.Node) -> UnknownTag:
    return UnknownTag(node.tag)


def _construct_timestamp(loader: _Loader, node: yaml.Node) -> Any:
    """A date that is no date (2024-13-01) stays text, for the checks to name."""
    try:
        return loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _construct_env)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_multi_constructor("", _construct_unknown)


@dataclass
class _Document:
    path: Path
    data: dict[str, Any]
    node: yaml.Node | None

    @classmethod
    def read(cls, path: Path, inherited: frozenset[Path] = frozenset()) -> _Document:
        shown = display_path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise SettingsError(f"找不到配置文件“{shown}”") from None
        except IsADirectoryError:
            raise SettingsError(f"“{shown}”是文件夹，不是配置文件") from None
        except OSError as exc:
            raise SettingsError(f"无法读取配置文件“{shown}”：{exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise SettingsError(f"{shown}: 错误：文件不是 UTF-8 编码，请另存为 UTF-8") from None
        node, data = _load(text, path)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise SettingsError(f"{shown}: 错误：配置文件应由“名称: 值”的设置组成")
        parent = data.pop("INHERIT", None)
        if isinstance(parent, str):
            parent_path = (path.parent / parent).resolve()
            if parent_path in inherited or parent_path == path.resolve():
                raise SettingsError(f"{shown}: 错误：INHERIT 循环引用了“{parent}”")
            base = cls.read(parent_path, inherited | {path.resolve()})
            data = _merge(base.data, data)
        return cls(path, data, node)

    def problem(self, keys: tuple[str, ...], message: str) -> str:
        return _problem(self.path, _find(self.node, keys), message)


def _load(text: str, path: Path) -> tuple[yaml.Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SettingsError(
            Problem(Mark(path, line, column), f"YAML 格式错误（{exc.problem}）").format()
        ) from None
    except yaml.YAMLError as exc:
        raise SettingsError(f"{display_path(path)}: 错误：YAML 格式错误（{exc}）") from None
    finally:
        loader.dispose()
    return node, data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """INHERIT: mappings merged key by key, everything else replaced (as MkDocs does)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _find(node: yaml.Node | None, keys: tuple[str, ...]) -> yaml.Node | None:
    """The node at `keys`; the key `plugins` leads to the honours plugin's options."""
    for key in keys:
        if isinstance(node, yaml.SequenceNode) and key == PLUGIN:
            node = next(
                (
                    value
                    for item in node.value
                    if isinstance(item, yaml.MappingNode)
                    for name, value in item.value
                    if name.value == PLUGIN
                ),
                None,
            )
            continue
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((value for name, value in node.value if name.value == key), None)
    return node


def _problem(path: Path | None, node: yaml.Node | None, message: str) -> str:
    if path is None:
        return f"错误：{message}"
    if node is None:
        return f"{display_path(path)}: 错误：{message}"
    mark = Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)
    return Problem(mark, message).format()


class _Locator:
    """Finds a plugin option in mkdocs.yml, for messages only (read when a value is bad)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path.absolute() if path is not None else None
        self._node: yaml.Node | None = None
        self._read = False

    def problem(self, option: tuple[str, ...], message: str) -> str:
        if self.path is not None and not self._read:
            self._read = True
            try:
                self._node = _Document.read(self.path).node
            except SettingsError:
                self._node = None
        return _problem(self.path, _find(self._node, ("plugins", PLUGIN, *option)), message)
