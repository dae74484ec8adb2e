import json
import subprocess
import sys

from helpers_project import copy_mini, edit

from briefgen import __version__
from briefgen.cli import main
from briefgen.render.jobs import render_one


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["build", "--help"]) == 0
    assert "--format" in capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["check", "--bogus", "x.yaml"]) == 2


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert main(["build", str(root / "briefs/council.yaml"), "--root", str(root), "--format", "pdf,odt"]) == 2
    assert "odt" in capsys.readouterr().err


def test_an_empty_output_folder_is_a_usage_error_not_the_current_folder(tmp_path, capsys, monkeypatch):
    # `-o "$OUT"` with OUT unset wrote the brief into whatever folder the command ran in
    root = copy_mini(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for command in ("build", "watch"):
        assert main([command, str(root / "briefs/council.yaml"), "--root", str(root), "-o", ""]) == 2
        assert "give a folder; an empty path is not one" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_prints_ok_and_exits_zero(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root)]) == 0
    assert "ok " in capsys.readouterr().out


def test_check_reports_errors_as_file_line_col(tmp_path, capsys):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-qoute]")
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "council.yaml:16:44: error: unknown fact `mayor-qoute`" in err
    assert "= help: did you mean `mayor-quote`?" in err
    assert "^^^^" in err


def test_json_diagnostics_for_editors(tmp_path, capsys):
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-qoute]")
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root), "--diagnostics", "json"]) == 1
    [item] = json.loads(capsys.readouterr().err)
    assert item["line"] == 16 and item["column"] == 44 and item["severity"] == "error"


def test_check_does_not_import_the_renderers(tmp_path):
    root = copy_mini(tmp_path)
    code = ("import sys; from briefgen.cli import main; rc = main(['check', %r, '--root', %r]); "
            "heavy = [m for m in ('reportlab', 'docx', 'pptx') if m in sys.modules]; "
            "print(heavy); sys.exit(rc)") % (str(root / "briefs/council.yaml"), str(root))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("[]")


def test_a_missing_outline_is_an_input_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml"), "--root", str(tmp_path)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_build_reports_progress_and_a_summary_table(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert main(["build", str(root / "briefs/council.yaml"), "--root", str(root), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    captured = capsys.readouterr()
    assert "checking 1 outline" in captured.err and "rendering 3 files" in captured.err
    header = next(line for line in captured.out.splitlines() if line.startswith("outline"))
    assert header.split() == ["outline", "files", "pages", "slides", "citations", "warnings"]
    row = next(line for line in captured.out.splitlines() if "council.yaml" in line and not line.startswith("wrote"))
    assert row.split()[1:] [0] == "4" and row.split()[-2] == "5"


def test_a_template_problem_in_any_renderer_is_an_input_error_not_a_crash(tmp_path, monkeypatch):
    import briefgen.render
    from briefgen import pipeline
    from briefgen.load.project import Options
    from briefgen.render.docx import TemplateError as DocxTemplateError
    from briefgen.render.pptx.write import TemplateError as PptxTemplateError

    assert issubclass(DocxTemplateError, briefgen.render.TemplateError)
    assert issubclass(PptxTemplateError, briefgen.render.TemplateError)
    root = copy_mini(tmp_path)
    brief = pipeline.check([root / "briefs/council.yaml"], options=Options(root=root)).checked[0].brief
    from briefgen.render import RenderInputError
    assert issubclass(DocxTemplateError, RenderInputError) and issubclass(PptxTemplateError, RenderInputError)

    class Broken:
        def prepare(self, theme):
            pass

        def render(self, brief, *, theme):
            raise PptxTemplateError("slide template `slides.pptx` has no layout `Two Content`")

    monkeypatch.setitem(briefgen.render.RENDERERS, "pptx", Broken)
    result = render_one(brief, "default", "pptx")
    assert isinstance(result, PptxTemplateError)
    assert result.message == "slide template `slides.pptx` has no layout `Two Content`"


def test_common_options_work_before_or_after_the_command(tmp_path, capsys):
    root = copy_mini(tmp_path)
    outline = str(root / "briefs/council.yaml")
    for argv in (["--root", str(root), "--diagnostics", "json", "check", outline],
                 ["check", outline, "--root", str(root), "--diagnostics", "json"],
                 ["--debug", "check", outline, "--root", str(root), "--diagnostics", "json"]):
        assert main(argv) == 0, argv
        assert capsys.readouterr().err.strip() == "[]"


def test_a_problem_in_a_shared_library_is_printed_once_and_counted_once(tmp_path, capsys):
    import shutil

    root = copy_mini(tmp_path)
    shutil.copy(root / "briefs/council.yaml", root / "briefs/second.yaml")
    edit(root / "seeds/facts.yaml", "quote: at a cost of 240,000 euros", "quote: at a cost of 250,000 euros")
    assert main(["check", str(root / "briefs/council.yaml"), str(root / "briefs/second.yaml"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if ": error: " in line]) == 1, err
    assert "briefgen: 1 error, 0 warnings" in err


def test_check_counts_with_plurals(tmp_path, capsys):
    root = copy_mini(tmp_path)
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "5 notes, 1 source, 0 warnings" in out, out


def test_keep_going_writes_exactly_the_outlines_without_errors(tmp_path, capsys):
    import shutil

    root = copy_mini(tmp_path)
    shutil.copy(root / "briefs/council.yaml", root / "briefs/broken.yaml")
    edit(root / "briefs/broken.yaml", "[@mayor-quote]", "[@mayor-qoute]")
    outlines = [str(root / "briefs/council.yaml"), str(root / "briefs/broken.yaml")]
    assert main(["build", *outlines, "--root", str(root), "-o", str(root / "out"), "-j", "1"]) == 1
    assert not (root / "out").exists() or not any((root / "out").iterdir())
    assert "nothing was written" in capsys.readouterr().err
    assert main(["build", *outlines, "--root", str(root), "-o", str(root / "out"), "-j", "1", "--keep-going"]) == 1
    err = capsys.readouterr().err
    assert sorted(p.name for p in (root / "out").iterdir()) == [
        "council.docx", "council.evidence.json", "council.pdf", "council.pptx"]
    assert "unknown fact `mayor-qoute`" in err and "wrote the files of 1 outline without errors" in err


def test_an_unknown_format_returns_the_usage_status_instead_of_raising(tmp_path, capsys):
    root = copy_mini(tmp_path)
    for value in ("html", ""):
        assert main(["build", str(root / "briefs/council.yaml"), "--root", str(root), "--format", value]) == 2
        assert "unknown format" in capsys.readouterr().err


def test_facts_cited_only_by_a_sibling_outline_are_not_called_unused(capsys):
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    assert main(["check", str(repo / "briefs" / "public.yaml"), "--root", str(repo)]) == 0
    assert "is not cited by any outline" not in capsys.readouterr().err


def test_a_fact_a_sibling_outline_charts_counts_as_cited(tmp_path):
    import shutil
    from pathlib import Path

    from briefgen.pipeline import _cited_by_siblings

    project = tmp_path / "harvest"
    shutil.copytree(Path(__file__).resolve().parent / "projects" / "harvest", project)
    (project / "briefs" / "chart.yaml").write_text(
        "title: T\ndate: 2024-01-01\nfacts: ../seeds/facts.yaml\nsections:\n  - heading: H\n    figures:\n"
        "      - chart: {kind: bar, title: T, unit: t, data: [{label: a, value: 1, fact: only-charted}]}\n",
        encoding="utf-8")
    cited = _cited_by_siblings([project / "briefs" / "harvest.yaml"], project / "seeds" / "facts.yaml")
    assert "only-charted" in cited


def test_a_misspelt_timeline_tag_gets_a_suggestion_at_the_tag(tmp_path, capsys):
    root = copy_mini(tmp_path)
    outline = root / "briefs" / "council.yaml"
    text = outline.read_text(encoding="utf-8")
    assert "\nglossary:" in text
    outline.write_text(text.replace("\nglossary:", "\n  - heading: When\n    timeline: {tags: [councl]}\nglossary:", 1),
                       encoding="utf-8")
    assert main(["check", str(outline), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "no dated fact has the tags councl" in err and "did you mean `council`?" in err, err


def test_an_interrupt_raised_inside_a_callback_is_raised_again_not_lost():
    # Python cannot raise from a weakref callback (or an import lock's, or an at-fork hook):
    # it printed "Exception ignored ... KeyboardInterrupt" and the build carried on.
    import signal
    import time
    import weakref

    import pytest

    from briefgen.cli import _terminate_as_interrupt

    class Thing:
        pass

    reached = False
    with pytest.raises(KeyboardInterrupt):
        with _terminate_as_interrupt():
            thing = Thing()
            ref = weakref.ref(thing, lambda _ref: signal.raise_signal(signal.SIGTERM))
            del thing  # the callback runs here, and its KeyboardInterrupt goes nowhere
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                pass
            reached = True
    assert ref() is None and not reached
    assert sys.unraisablehook is not None and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def _check_errors_with_a_duplicate_claim(root, capsys):
    """Give the mini project's first fact a second `claim:`, check the outline: its error lines."""
    edit(root / "seeds/facts.yaml", "\n    claim: ", "\n    claim: A second claim.\n    claim: ")
    assert main(["check", str(root / "briefs/council.yaml"), "--root", str(root)]) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


def test_a_duplicate_key_does_not_hide_the_other_problems_of_the_run(tmp_path, capsys):
    # A duplicate key once stopped its file's check: the author fixed it and only then learnt of
    # the misspelt citation below it, and of the duplicate in the fact library.
    root = copy_mini(tmp_path)
    edit(root / "briefs/council.yaml", "date: 2022-04-01", "date: 2022-04-01\ndate: 2022-04-02")
    edit(root / "briefs/council.yaml", "[@mayor-quote]", "[@mayor-quotes]")
    errors = _check_errors_with_a_duplicate_claim(root, capsys)
    assert len(errors) == 3, errors
    assert "council.yaml:6:1: error: duplicate key `date`" in errors[0]
    assert any("facts.yaml" in e and "duplicate key `claim`" in e for e in errors)
    assert any("unknown fact `mayor-quotes`" in e for e in errors)


def test_problems_print_file_by_file_from_the_top_not_in_the_order_the_checks_ran(tmp_path, capsys):
    root = copy_mini(tmp_path)
    # the misspelt citation (line 11) is found by the resolver, after the loader's unknown key (line 14)
    edit(root / "briefs/council.yaml", "[@restoration-cost].\n", "[@restoration-costs].\n")
    edit(root / "briefs/council.yaml", "  - heading: The decision\n", "  - heading: The decision\n    bulets: []\n")
    places = [line.split(": error: ")[0] for line in _check_errors_with_a_duplicate_claim(root, capsys)]
    files = [p.rsplit(":", 2)[0] for p in places]
    assert files == sorted(files, key=files.index)  # one file's problems together
    council = [int(p.rsplit(":", 2)[1]) for p in places if "council.yaml:" in p]
    assert len(council) == 2 and council == sorted(council), places


def test_reading_order_puts_a_whole_file_remark_after_that_files_places():
    from pathlib import Path

    from briefgen.diagnostics import Span, error, in_reading_order

    a, b = Path("a.yaml"), Path("b.yaml")
    found = [error("b 3", Span(b, 3, 1)), error("a 9", Span(a, 9, 1)), error("a: 2 more places", Span(a)),
             error("no place"), error("a 2", Span(a, 2, 5)), error("b 1", Span(b, 1, 1))]
    assert [d.message for d in in_reading_order(found)] == [
        "b 1", "b 3", "a 2", "a 9", "a: 2 more places", "no place"]


def _run_command(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run `code` (which ends by calling `briefgen.cli.run`) in a new interpreter."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)


def test_the_command_runs_the_exit_handlers_and_keeps_its_status_and_output(tmp_path):
    # `run` ends with os._exit after the atexit handlers: they still run, the status is main's,
    # and buffered output (stdout is a pipe here) is all there.
    root = copy_mini(tmp_path)
    edit(root / "briefs" / "council.yaml", "[@council-vote].", "[@no-such-fact].")
    outline = str(root / "briefs" / "council.yaml")
    proc = _run_command(
        "import atexit, sys\n"
        "from briefgen import cli\n"
        "atexit.register(lambda: print('handler ran', flush=True))\n"
        "print('x' * 100000)\n"
        f"sys.argv = ['briefgen', 'check', {outline!r}]\n"
        "cli.run()\n", tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "no-such-fact" in proc.stderr
    assert proc.stdout.startswith("x" * 100000) and proc.stdout.rstrip().endswith("handler ran")


def test_the_command_waits_for_a_live_thread_as_a_normal_exit_would(tmp_path):
    # With another thread alive, os._exit would kill it mid-work: `run` exits the normal way.
    proc = _run_command(
        "import sys, threading, time\n"
        "from briefgen import cli\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done', flush=True))).start()\n"
        "sys.argv = ['briefgen', '--version']\n"
        "cli.run()\n", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "thread done" in proc.stdout and __version__ in proc.stdout
