"""Where the site is published and where its repository is: this project's, or a fork's.

``site_url`` and ``repo_url`` of mkdocs.yml go into every citation, every page's canonical
address and the links to the repository. A fork that does not edit them would publish this
project's addresses. Under GitHub Actions the repository being built is known
(``GITHUB_REPOSITORY``, ``owner/name``): when mkdocs.yml still holds this project's own
addresses and the repository is another, its Pages address and its repository's address
are used instead, and the build says so in one line. Anywhere else mkdocs.yml is taken as
written. The builder (``cli.py``) and the MkDocs hook (``hooks/site.py``) both ask
:func:`published_addresses`, so the pages and MkDocs' own links agree.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

# This project's own addresses, as mkdocs.yml ships them.
PROJECT_REPOSITORY = "sichuan-policy/policy-corpus"
PROJECT_SITE_URL = "https://sichuan-policy.github.io/policy-corpus/"
PROJECT_REPO_URL = "https://github.com/sichuan-policy/policy-corpus"
GITHUB = "https://github.com"


@dataclass(frozen=True)
class Addresses:
    """The addresses a build publishes."""

    site_url: str
    """The published site (ends in ``/``), or '' for none."""
    repo_url: str
    """The repository's web address (no trailing ``/``), or '' for none."""
    repo_name: str
    """The repository's name, as Material's header shows it."""
    replaced: tuple[str, ...] = ()
    """The settings of mkdocs.yml that were this project's and were replaced by the fork's."""


def fork_addresses(repository: str, server: str = GITHUB) -> Addresses:
    """A repository's GitHub Pages address and web address (``owner/name`` → ``https://owner.github.io/name/``;
    a repository named ``owner.github.io`` is served at the host's root)."""
    owner, _, name = repository.partition("/")
    host = f"{owner.lower()}.github.io"
    site = f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"
    return Addresses(site, f"{server.rstrip('/')}/{repository}", name)


def _same(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def published_addresses(site_url: str, repo_url: str, repo_name: str, environ: Mapping[str, str]) -> Addresses:
    """The addresses to publish: mkdocs.yml's, or the fork's where mkdocs.yml holds this
    project's own and ``environ`` says another repository is being built."""
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    written = Addresses(site_url, repo_url, repo_name)
    if "/" not in repository or _same(repository, PROJECT_REPOSITORY):
        return written
    server = environ.get("GITHUB_SERVER_URL") or GITHUB
    fork = fork_addresses(repository, server)
    replaced = []
    if _same(site_url, PROJECT_SITE_URL) and _same(server, GITHUB):  # Pages of github.com only
        site_url = fork.site_url
        replaced.append("site_url")
    if _same(repo_url, PROJECT_REPO_URL):
        repo_url, repo_name = fork.repo_url, fork.repo_name
        replaced.append("repo_url")
    return Addresses(site_url, repo_url, repo_name, tuple(replaced))


def warn_if_unedited(addresses: Addresses, environ: Mapping[str, str]) -> None:
    """One line when a fork's build takes its addresses from the repository, or would still
    publish this project's."""
    repository = environ.get("GITHUB_REPOSITORY", "")
    if addresses.replaced:
        now = {"site_url": addresses.site_url, "repo_url": addresses.repo_url}
        log.warning("building %s, whose mkdocs.yml still holds %s's addresses: publishing %s instead "
                    "(set site_url and repo_url in mkdocs.yml to choose)", repository, PROJECT_REPOSITORY,
                    " and ".join(now[key] for key in addresses.replaced))
    elif "/" in repository and not _same(repository, PROJECT_REPOSITORY) and (
            _same(addresses.site_url, PROJECT_SITE_URL) or _same(addresses.repo_url, PROJECT_REPO_URL)):
        log.warning("building %s, but the site would publish %s's addresses: set site_url and repo_url in "
                    "mkdocs.yml", repository, PROJECT_REPOSITORY)
