using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Recommender.Benchmarks.Suite;

/// <summary>The cost-growth chart: three panels (throughput, p99, resident memory) against listeners = tracks on a log axis, written
/// as SVG and turned into a PNG by headless Chromium (the bench script installs it when missing).</summary>
public static class CostChart
{
    private const int PanelWidth = 400, Height = 420, Left = 70, Top = 50, PlotWidth = 300, PlotHeight = 290;

    public static string Svg(IReadOnlyList<GrowthPoint> points, string caption)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns='http://www.w3.org/2000/svg' width='{PanelWidth * 3}' height='{Height}' font-family='sans-serif' font-size='12'>");
        svg.Append("<rect width='100%' height='100%' fill='white'/>");
        Panel(svg, 0, "GET /v1/recommendations, requests/s", points.Select(p => p.ServedPerSecond).ToList(), points, "#1f77b4");
        Panel(svg, 1, "p99 latency, ms (16 connections)", points.Select(p => p.P99Ms).ToList(), points, "#d62728");
        Panel(svg, 2, "host resident memory, MiB", points.Select(p => p.RssMiB).ToList(), points, "#2ca02c");
        svg.Append(CultureInfo.InvariantCulture, $"<text x='10' y='{Height - 10}' fill='#555'>{Escape(caption)}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int index, string title, IReadOnlyList<double> values, IReadOnlyList<GrowthPoint> points, string colour)
    {
        var x0 = index * PanelWidth + Left;
        var max = Nice(values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(1).Max());
        var logMin = Math.Log10(points.Min(p => p.Size)) - 0.15;
        var logMax = Math.Log10(points.Max(p => p.Size)) + 0.15;
        double X(int size) => x0 + (Math.Log10(size) - logMin) / (logMax - logMin) * PlotWidth;
        double Y(double v) => Top + PlotHeight - v / max * PlotHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<text x='{x0}' y='{Top - 20}' font-weight='bold'>{Escape(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x='{x0}' y='{Top}' width='{PlotWidth}' height='{PlotHeight}' fill='none' stroke='#999'/>");
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1='{x0}' x2='{x0 + PlotWidth}' y1='{Y(v):0.#}' y2='{Y(v):0.#}' stroke='#eee'/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x='{x0 - 6}' y='{Y(v) + 4:0.#}' text-anchor='end'>{v:#,0.##}</text>");
        }
        foreach (var p in points)
            svg.Append(CultureInfo.InvariantCulture, $"<text x='{X(p.Size):0.#}' y='{Top + PlotHeight + 18}' text-anchor='middle'>{Short(p.Size)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x='{x0 + PlotWidth / 2}' y='{Top + PlotHeight + 38}' text-anchor='middle' fill='#555'>listeners = tracks (log scale)</text>");
        var line = string.Join(" ", points.Zip(values).Where(z => !double.IsNaN(z.Second)).Select(z => $"{X(z.First.Size):0.#},{Y(z.Second):0.#}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline points='{line}' fill='none' stroke='{colour}' stroke-width='2'/>");
        foreach (var (p, v) in points.Zip(values).Where(z => !double.IsNaN(z.Second)))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx='{X(p.Size):0.#}' cy='{Y(v):0.#}' r='4' fill='{colour}'/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x='{X(p.Size):0.#}' y='{Y(v) - 8:0.#}' text-anchor='middle'>{v:#,0.#}</text>");
        }
    }

    private static double Nice(double max)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(max, 1e-9))));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * magnitude >= max * 1.1) return step * magnitude;
        return 10 * magnitude;
    }

    private static string Short(int size) => size >= 1_000_000 ? $"{size / 1_000_000.0:0.#}M" : size >= 1_000 ? $"{size / 1_000.0:0.#}k" : size.ToString();

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Writes <paramref name="png"/> (and the SVG beside it); false with the reason when no Chromium could draw it.</summary>
    public static async Task<(bool Ok, string Message)> WritePngAsync(string svgText, string png)
    {
        var svg = Path.ChangeExtension(png, ".svg");
        await File.WriteAllTextAsync(svg, svgText);
        var browser = new[] { "chromium", "chromium-browser", "google-chrome" }.FirstOrDefault(OnPath);
        if (browser is null) return (false, "no chromium on PATH: the chart is only " + svg);
        var profile = Path.Combine(Path.GetTempPath(), "bench-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}",
                     $"--window-size={PanelWidth * 3},{Height}", $"--screenshot={Path.GetFullPath(png)}", new Uri(Path.GetFullPath(svg)).AbsoluteUri })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); return (false, "chromium did not finish within 60 s"); }
        finally { try { Directory.Delete(profile, recursive: true); } catch (IOException) { } }
        return File.Exists(png) ? (true, png) : (false, "chromium wrote no PNG: " + (await stderr).Trim().Split('\n').LastOrDefault());
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, name)));
}
