namespace Tunewise.Reports;

/// <summary>The inline stylesheet of report.html: system fonts only, readable on a laptop screen, prints cleanly.</summary>
internal static class HtmlStyle
{
    public const string Css = """

        :root { --ink: #1d2330; --muted: #5f6b7a; --line: #dde2e8; --paper: #ffffff; --wash: #f5f7fa; --accent: #0072B2; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--wash); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
        header h1 { margin: 0 0 6px; font-size: 28px; }
        .kicker { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .06em; text-transform: uppercase; font-size: 12px; }
        .meta { color: var(--muted); margin: 4px 0; }
        nav { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 10px 0; margin-bottom: 8px; background: var(--wash); border-bottom: 1px solid var(--line); }
        nav a { color: var(--accent); text-decoration: none; font-weight: 500; }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 18px 0; }
        h2 { margin: 0 0 12px; font-size: 20px; }
        h3 { font-size: 16px; margin: 18px 0 8px; }
        code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--wash); padding: 1px 4px; border-radius: 3px; }
        .callout { border-left: 5px solid var(--accent); background: #eef6fb; padding: 12px 16px; border-radius: 4px; }
        .callout.requirement_not_met { border-color: #c0392b; background: #fcefed; }
        .callout.no_requirement { border-color: #888; background: #f2f2f2; }
        .recommendation { font-size: 18px; font-weight: 600; margin: 0 0 4px; }
        .questions { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 14px; margin-top: 14px; align-items: start; }
        .question { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
        .question h3 { margin: 0 0 6px; display: flex; align-items: center; gap: 10px; }
        .number { display: inline-flex; justify-content: center; align-items: center; width: 24px; height: 24px; border-radius: 50%; background: var(--accent); color: #fff; font-size: 13px; flex: none; }
        .answer { font-weight: 600; margin: 4px 0 8px; }
        .reasoning { color: #36404e; font-size: 14px; margin: 8px 0; }
        dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 6px 14px; margin: 6px 0; }
        dl.figures div { background: var(--wash); border-radius: 4px; padding: 4px 8px; }
        dt { font-size: 12px; color: var(--muted); }
        dd { margin: 0; }
        .ci { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
        ul.conclusions { padding-left: 0; list-style: none; margin: 6px 0 0; font-size: 14px; }
        ul.conclusions li { margin: 4px 0; }
        .badge { display: inline-block; font-size: 11.5px; font-weight: 600; padding: 1px 7px; border-radius: 10px; background: #e8ecf1; color: #3a4556; white-space: nowrap; }
        .badge.warning, .badge.could_not_check { background: #fff1d6; color: #8a5a00; }
        .badge.error, .badge.failed, .badge.wrong { background: #fde2df; color: #a12a1d; }
        .badge.passed, .badge.correct { background: #dcf3e6; color: #136c3a; }
        .badge.hint, .badge.not_applicable, .badge.unscored { background: #e8ecf1; color: #3a4556; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
        th { background: var(--wash); font-weight: 600; position: sticky; top: 0; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        .scroll { overflow-x: auto; }
        td b { white-space: nowrap; }
        .explorer { max-height: 640px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; }
        .explorer td { max-width: 340px; }
        .text { white-space: pre-wrap; word-break: break-word; font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; max-height: 180px; overflow: auto; }
        .text.error { color: #a12a1d; }
        details summary { cursor: pointer; color: var(--accent); font-size: 12.5px; }
        details.block summary { font-size: 16px; font-weight: 600; margin: 18px 0 8px; }
        figure { margin: 16px 0; }
        figcaption { color: var(--muted); font-size: 13.5px; margin-bottom: 6px; }
        svg.chart { width: 100%; max-width: 880px; height: auto; display: block; font-family: inherit; }
        svg .tick { font-size: 11px; fill: #6b7684; }
        svg .label { font-size: 13px; fill: var(--ink); }
        svg .value { font-size: 12.5px; fill: var(--ink); font-weight: 600; }
        svg .axis, svg .muted { font-size: 12px; fill: #6b7684; }
        svg .legend { font-size: 12.5px; fill: var(--ink); }
        svg .reference { font-size: 12px; fill: #c0392b; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        .filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin: 10px 0; }
        .filters select, .filters input { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; }
        .count { color: var(--muted); }
        .note { color: var(--muted); font-style: italic; }
        .small { font-size: 13.5px; color: var(--muted); }
        .muted { color: var(--muted); }
        .warn { color: #a12a1d; font-weight: 600; }
        footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 24px; }
        @media print { nav { display: none; } .explorer { max-height: none; } section { break-inside: avoid; } }

        """;
}
