using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace CoachConsole.Web.Learning;

/// <summary>The debrief as a self-contained HTML page that prints well (File, Print, or Save as PDF).</summary>
public static class DebriefReport
{
    private static readonly HtmlEncoder Encode = HtmlEncoder.Default;

    public static string Html(Debrief debrief, LearningPeriod period)
    {
        ArgumentNullException.ThrowIfNull(debrief);
        ArgumentNullException.ThrowIfNull(period);
        var f = debrief.Figures;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Debrief · ")
            .Append(E(debrief.TeamName)).Append(" · ").Append(E(period.ToString())).Append("</title><style>")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem;color:#1d2733;max-width:60rem}")
            .Append("h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #d6dce4}")
            .Append(".figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}")
            .Append(".figure{border:1px solid #d6dce4;border-radius:6px;padding:.5rem .75rem}.figure b{display:block;font-size:1.4rem}")
            .Append("table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e6eaf0;vertical-align:top}")
            .Append("blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:3px solid #2f5d8a}.muted{color:#5b6675}")
            .Append("@media print{body{margin:0;max-width:none}.noprint{display:none}h2{break-after:avoid}tr,blockquote,.figure{break-inside:avoid}}")
            .Append("</style></head><body>");
        html.Append("<p class=\"noprint\"><button onclick=\"window.print()\">Print or save as PDF</button></p>");
        html.Append("<h1>Team debrief: ").Append(E(debrief.TeamName)).Append("</h1><p class=\"muted\">").Append(E(period.ToString())).Append(" (UTC)</p>");

        html.Append("<h2>Figures</h2><div class=\"figures\">");
        Figure(html, "Conversations", f.Conversations.ToString(CultureInfo.InvariantCulture), null);
        Figure(html, "Average time to de-escalate", Duration(f.AverageTimeToDeescalate), $"{f.Deescalated} of {f.Heated} heated conversations calmed");
        Figure(html, "Escalation rate", Percent(f.EscalationRate), $"{f.Escalations} escalated");
        Figure(html, "Abusive conversations per agent", f.AbusivePerAgent is { } a ? a.ToString("0.#", CultureInfo.InvariantCulture) : "–", $"{f.AbusiveConversations} abusive");
        Figure(html, "Follow-ups kept on time", Percent(f.FollowUpsOnTimeRate), $"{f.FollowUpsKeptOnTime} of {f.FollowUpsDue} due");
        html.Append("</div>");

        if (f.AbusePerAgent.Count > 0)
        {
            html.Append("<h2>Abuse per agent</h2><table><tr><th>Agent</th><th>Conversations</th><th>Abusive</th></tr>");
            foreach (var agent in f.AbusePerAgent)
            {
                html.Append("<tr><td>").Append(E(agent.AgentName)).Append("</td><td>").Append(agent.Conversations).Append("</td><td>").Append(agent.Abusive).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>The hardest conversations</h2>");
        if (debrief.Hardest.Count == 0)
        {
            html.Append("<p class=\"muted\">No conversations ended in this period.</p>");
        }
        else
        {
            html.Append("<table><tr><th>Customer</th><th>Agent</th><th>Issue</th><th>Peak heat</th><th>What happened</th></tr>");
            foreach (var c in debrief.Hardest)
            {
                html.Append("<tr><td>").Append(E(c.CustomerName)).Append("</td><td>").Append(E(c.AgentName)).Append("</td><td>").Append(E(c.IssueSummary))
                    .Append("</td><td>").Append(Percent(c.PeakHeat)).Append("</td><td>").Append(E(What(c))).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Reflections shared by agents</h2>");
        if (debrief.Reflections.Count == 0)
        {
            html.Append("<p class=\"muted\">No agent chose to share a reflection in this period.</p>");
        }

        foreach (var r in debrief.Reflections)
        {
            html.Append("<blockquote><p class=\"muted\">").Append(E(r.AgentName)).Append(" · ").Append(E(r.IssueSummary)).Append("</p>");
            if (r.WentWell is not null)
            {
                html.Append("<p><b>Went well:</b> ").Append(E(r.WentWell)).Append("</p>");
            }

            if (r.DoDifferently is not null)
            {
                html.Append("<p><b>Would do differently:</b> ").Append(E(r.DoDifferently)).Append("</p>");
            }

            html.Append("</blockquote>");
        }

        html.Append("<p class=\"muted\">Time to de-escalate: from the first customer turn at or above ")
            .Append(Percent(Debriefs.HeatedAt)).Append(" heat to the first later customer turn below it or the move to Closing. ")
            .Append("A follow-up is on time when it was done by its due time; only follow-ups due in the period count.</p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    public static string What(HardConversation c) => string.Join(", ", new[]
    {
        c.BoundaryStep > 0 ? $"boundary step {c.BoundaryStep}" : c.Abusive ? "abusive" : null,
        c.Escalated ? "escalated" : null,
    }.OfType<string>().DefaultIfEmpty("heated"));

    public static string Duration(TimeSpan? time) => time switch
    {
        null => "–",
        { TotalMinutes: < 1 } t => $"{t.Seconds} s",
        { TotalHours: < 1 } t => $"{(int)t.TotalMinutes} min {t.Seconds} s",
        { } t => $"{(int)t.TotalHours} h {t.Minutes} min",
    };

    public static string Percent(double? share) => share is { } s ? $"{Math.Round(s * 100).ToString(CultureInfo.InvariantCulture)}%" : "–";

    private static void Figure(StringBuilder html, string label, string value, string? detail)
    {
        html.Append("<div class=\"figure\"><span class=\"muted\">").Append(E(label)).Append("</span><b>").Append(E(value)).Append("</b>");
        if (detail is not null)
        {
            html.Append("<span class=\"muted\">").Append(E(detail)).Append("</span>");
        }

        html.Append("</div>");
    }

    private static string E(string text) => Encode.Encode(text);
}
