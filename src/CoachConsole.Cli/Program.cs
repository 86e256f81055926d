using CoachConsole.Cli;

return await CoachCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
