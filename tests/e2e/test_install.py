"""Installing and packaging (SPEC §5 data lookup, §8 installing).

`cmake --install` into a temporary prefix; the installed binary runs from an
unrelated directory and reads the installed catalogue (one case removed from
the installed copy proves it is that copy, not the source tree); the man page
renders with `man -l` and through MANPATH; the bash completion completes
subcommands, options, case IDs and defect names; `cpack -G DEB` builds a
package that holds the binary, the data, the man page and the completion.
"""
import os
import shutil
import subprocess

import pytest

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("RACONFORM_BUILD_DIR") or os.path.dirname(
    os.path.abspath(raconform_bin()))
REMOVED = os.path.join("feedback", "RA-FB-0019.json")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RACONFORM_")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    p = tmp_path_factory.mktemp("prefix")
    r = subprocess.run(["cmake", "--install", BUILD, "--prefix", str(p)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    os.unlink(os.path.join(p, "share", "raconform", "cases", REMOVED))
    return p


def installed(prefix, *rel):
    return os.path.join(prefix, *rel)


def test_install_lays_out_spec_8(prefix):
    for rel in (("bin", "raconform"),
                ("share", "raconform", "cases", "feedback", "RA-FB-0012.json"),
                ("share", "raconform", "vectors", "sigv4"),
                ("share", "raconform", "vectors", "responses"),
                ("share", "raconform", "schemas", "junit-10.xsd"),
                ("share", "doc", "raconform", "README.md"),
                ("share", "doc", "raconform", "targets.md"),
                ("share", "man", "man1", "raconform.1"),
                ("share", "bash-completion", "completions", "raconform")):
        assert os.path.exists(installed(prefix, *rel)), rel


def test_installed_binary_runs_from_any_directory(prefix, tmp_path):
    exe = installed(prefix, "bin", "raconform")
    elsewhere = tmp_path / "my-project"
    elsewhere.mkdir()
    r = subprocess.run([exe, "run", "--run", "RA-FB-001*", "--progress",
                        "never"], cwd=elsewhere, env=clean_env(),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (elsewhere / "reports" / "raconform.json").is_file()
    ids = {l.split(" - ")[1].split()[0] for l in r.stdout.splitlines()
           if l.startswith("ok ")}
    # the installed catalogue, without the case removed from it
    assert "RA-FB-0012" in ids and "RA-FB-0019" not in ids, ids
    lst = subprocess.run([exe, "list"], cwd=elsewhere, env=clean_env(),
                         capture_output=True, text=True, timeout=60)
    src = subprocess.run([raconform_bin(), "list", "--cases",
                          os.path.join(SRC, "cases")],
                         capture_output=True, text=True, timeout=60)
    assert len(lst.stdout.splitlines()) == len(src.stdout.splitlines()) - 1
    vec = subprocess.run([exe, "vectors"], cwd=elsewhere, env=clean_env(),
                         capture_output=True, text=True, timeout=120)
    assert vec.returncode == 0, vec.stderr


def test_data_errors_name_the_path_tried(prefix, tmp_path):
    exe = installed(prefix, "bin", "raconform")
    missing = str(tmp_path / "nowhere")
    r = subprocess.run([exe, "run"], cwd=tmp_path,
                       env=clean_env(RACONFORM_DATA=missing),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "'%s/cases'" % missing in r.stderr, r.stderr
    # RACONFORM_DATA pointing at a real data folder is used
    alt = tmp_path / "data"
    shutil.copytree(os.path.join(SRC, "cases"), alt / "cases")
    os.unlink(alt / "cases" / "feedback" / "RA-FB-0012.json")
    lst = subprocess.run([exe, "list", "--run", "RA-FB-001*"], cwd=tmp_path,
                         env=clean_env(RACONFORM_DATA=str(alt)),
                         capture_output=True, text=True, timeout=60)
    assert lst.returncode == 0, lst.stderr
    assert "RA-FB-0012" not in lst.stdout and "RA-FB-0019" in lst.stdout
    # --cases names its folder when it is not there
    r = subprocess.run([exe, "run", "--cases", missing], cwd=tmp_path,
                       env=clean_env(), capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and missing in r.stderr, r.stderr


def test_man_page_renders(prefix):
    page = installed(prefix, "share", "man", "man1", "raconform.1")
    env = clean_env(MANPAGER="cat", PAGER="cat", MANWIDTH="80")
    r = subprocess.run(["man", "-l", page], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    for word in ("NAME", "SYNOPSIS", "RACONFORM_DATA", "EXIT STATUS",
                 "--progress", "Bail out!"):
        assert word in r.stdout, word
    r = subprocess.run(["man", "raconform"],
                       env=dict(env, MANPATH=installed(prefix, "share", "man")),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "conformance suite" in r.stdout, r.stderr


def complete(prefix, *words):
    """COMPREPLY of the installed completion for the command line words
    (the last one is being completed)."""
    script = installed(prefix, "share", "bash-completion", "completions",
                       "raconform")
    exe = installed(prefix, "bin", "raconform")
    line = " ".join("'%s'" % w for w in (exe,) + words)
    prog = ('source "%s"; COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]}-1));'
            ' _raconform; printf "%%s\\n" "${COMPREPLY[@]}"' % (script, line))
    r = subprocess.run(["bash", "-c", prog], env=clean_env(),
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def test_bash_completion(prefix):
    assert complete(prefix, "cl") == {"client-check"}
    assert {"--progress", "--profile"} <= complete(prefix, "run", "--pro")
    assert {"--dir", "--signer"} <= complete(prefix, "vectors", "--")
    assert complete(prefix, "run", "--run", "RA-FB-001") == {
        "RA-FB-00%d" % i for i in range(10, 19)}
    assert "RA-FB-0012" in complete(prefix, "run", "--run", "=", "RA-FB-001")
    assert "feedback-count-bytes" in complete(prefix, "run", "--defect",
                                              "feedback-c")
    assert complete(prefix, "run", "--progress", "") == {
        "auto", "always", "never"}


def test_cpack_builds_a_deb(tmp_path):
    out = tmp_path / "pkg"
    r = subprocess.run(["cpack", "-G", "DEB", "--config",
                        os.path.join(BUILD, "CPackConfig.cmake"), "-B",
                        str(out)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=400)
    assert r.returncode == 0, r.stdout + r.stderr
    debs = [n for n in os.listdir(out) if n.endswith(".deb")]
    assert len(debs) == 1, os.listdir(out)
    c = subprocess.run(["dpkg-deb", "-c", str(out / debs[0])],
                       capture_output=True, text=True, timeout=60)
    assert c.returncode == 0, c.stderr
    for path in ("./usr/bin/raconform",
                 "./usr/share/raconform/cases/feedback/RA-FB-0012.json",
                 "./usr/share/raconform/vectors/sigv4/",
                 "./usr/share/raconform/schemas/junit-10.xsd",
                 "./usr/share/doc/raconform/README.md",
                 "./usr/share/man/man1/raconform.1",
                 "./usr/share/bash-completion/completions/raconform"):
        assert path in c.stdout, path
