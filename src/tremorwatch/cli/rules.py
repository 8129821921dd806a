"""``tremorwatch rules``: list, show and check the triage rules; show the differential.

``check`` validates the packaged ruleset (or ``--path``: a ruleset directory with
``ruleset.yaml``, or a single rule file checked against the packaged texts and questions) and
reports the problem - file, rule id and what is wrong - with exit code 4.
"""

from __future__ import annotations

from pathlib import Path

import click

from tremorwatch.cli._output import format_option, print_json
from tremorwatch.errors import NotFound, RuleSetError


@click.group(help="List, show and check the triage rules; show the differential's data.")
def app() -> None:
    """Rules group."""


@app.command("list")
@format_option()
def list_rules(fmt: str) -> None:
    """List every rule: id, disposition and title."""
    from tremorwatch.services.triage import load_rules

    rs = load_rules()
    if fmt == "json":
        print_json(
            {
                "ruleset_version": rs.version,
                "rules": [
                    {
                        "id": r.id,
                        "disposition": r.disposition.value,
                        "title": r.title,
                        "file": r.file,
                    }
                    for r in rs.rules
                ],
            }
        )
        return
    width = max(len(r.id) for r in rs.rules)
    click.echo(f"Ruleset {rs.version}: {len(rs.rules)} rules")
    for rule in rs.rules:
        click.echo(f"{rule.id:<{width}}  {rule.disposition.value:<11}  {rule.title}")


@app.command("show")
@click.argument("rule_id")
@format_option()
def show_rule(rule_id: str, fmt: str) -> None:
    """Show one rule in full: conditions, reason, causes, advice and sources."""
    import yaml

    from tremorwatch.services.triage import load_rules

    rs = load_rules()
    try:
        rule = rs.rule(rule_id)
    except KeyError:
        close = [r.id for r in rs.rules if rule_id.split(".", maxsplit=1)[0] in r.id][:8]
        hint = f" Similar ids: {', '.join(close)}." if close else ""
        raise NotFound(
            f"No rule {rule_id!r}. See `tremorwatch rules list`.{hint}", field="rule_id"
        ) from None
    data = rule.spec.model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    data = {"id": rule.id, **data, "file": rule.file, "ruleset_version": rs.version}
    if fmt == "json":
        print_json(data)
    else:
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).rstrip())


@app.command("differential")
@click.argument("cause", required=False)
@format_option()
def show_differential(cause: str | None, fmt: str) -> None:
    """Show the differential: thresholds, and per cause its priors by age band and likelihood
    ratios with their sources (CAUSE: one cause code, e.g. seizure)."""
    from tremorwatch.services.triage import differential_table

    table = differential_table(cause)
    if fmt == "json":
        print_json(table)
        return
    click.echo(f"Ruleset {table['ruleset_version']}: differential.yaml")
    bands = [b["id"] for b in table["age_bands"]]
    click.echo("Age bands: " + ", ".join(f"{b['id']} ({b['label']})" for b in table["age_bands"]))
    if cause is None:
        click.echo("Thresholds: P(a cause needing at least this level) >= p")
        for level, item in table["thresholds"].items():
            click.echo(f"  {level:<11} {item['p']:.2f}  {item['reasoning']}")
    for item in table["causes"]:
        click.echo("")
        levels = sorted(set(item["level"].values()))
        click.echo(f"{item['cause']} - {item['label']} (level: {', '.join(levels)})")
        priors = "  ".join(f"{b} {item['prior'][b]:g}" for b in bands)
        click.echo(f"  prior: {priors}   [{item['prior_source']}]")
        if "miss_harm" in item:
            click.echo(
                f"  miss harm: {item['miss_harm']:g} at its level   [{item['miss_harm_reason']}]"
            )
        for lr in item["likelihood_ratios"]:
            click.echo(
                f"  {lr['feature']:<34} present x{lr['lr_if_present']:g}, "
                f"absent x{lr['lr_if_absent']:g}   [{'; '.join(lr['sources'])}]"
            )


@app.command("check")
@click.option(
    "--path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="A ruleset directory (with ruleset.yaml) or one rule file; default the packaged rules.",
)
@click.option(
    "--update-snapshot",
    is_flag=True,
    help="After a successful check, rewrite the parsed-YAML snapshot that speeds up start-up "
    "(run it after editing the rule files).",
)
@format_option()
@click.pass_context
def check_rules(ctx: click.Context, path: Path | None, update_snapshot: bool, fmt: str) -> None:
    """Validate the rule files and report problems (exit code 4 if any)."""
    from tremorwatch.domain.triage.loader import check_path

    try:
        summary = check_path(path, update_snapshot=update_snapshot)
    except RuleSetError as exc:
        if fmt == "json":
            print_json({"ok": False, "path": str(path) if path else None, "problem": exc.message})
        else:
            click.secho(f"Problem: {exc.message}", fg="red", err=True)
        ctx.exit(RuleSetError.exit_code)
        return
    if fmt == "json":
        print_json({"ok": True, **summary})
    else:
        click.secho(
            f"OK: {summary['rules']} rules in {summary['files']} file(s), ruleset "
            f"{summary['version']} ({summary['path']}).",
            fg="green",
        )
        if summary.get("stale_snapshot"):
            click.echo(
                "Note: the parsed-YAML snapshot is out of date for "
                f"{', '.join(summary['stale_snapshot'])}; start-up is slower until you run "  # type: ignore[arg-type]
                "`tremorwatch rules check --update-snapshot`."
            )
