namespace CoachConsole.Web.Learning;

/// <summary>The learning loop's services: review, recurring issues, shared examples, debriefs and team follow-ups.</summary>
public static class LearningServices
{
    public static IServiceCollection AddCoachLearning(this IServiceCollection services)
    {
        services.AddSingleton<ReviewService>();
        services.AddSingleton<LearningNotices>();
        services.AddSingleton<RecurringIssues>();
        services.AddSingleton<SharedExamples>();
        services.AddSingleton<Debriefs>();
        services.AddSingleton<TeamFollowUps>();
        services.AddSingleton(sp => new ReportCalendar(
            sp.GetRequiredService<TimeProvider>(),
            ReportCalendar.ZoneFrom(sp.GetService<IConfiguration>()?["Learning:TimeZone"])));
        return services;
    }
}
