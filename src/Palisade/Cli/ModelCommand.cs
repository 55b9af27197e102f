using System.CommandLine;
using System.Text;
using Palisade.Model;
using Palisade.Model.Items;
using Palisade.Model.Rendering;

namespace Palisade.Cli;

/// <summary>
/// <c>palisade model</c>: list, show, export the SRM-IIP catalogue and generate the coverage document.
/// Output goes to the invocation's configured writers (<see cref="InvocationConfiguration.Output"/> and
/// <see cref="InvocationConfiguration.Error"/>), so tests and the host can capture it.
/// </summary>
internal static class ModelCommand
{
    /// <summary>Exit code for an id that is not in the catalogue.</summary>
    internal const int UnknownId = 2;

    /// <summary>Exit code when the catalogue itself is invalid (a build defect) or a file cannot be written.</summary>
    internal const int Failure = 1;

    private static readonly Dictionary<string, ItemKind> Kinds = new(StringComparer.Ordinal)
    {
        ["characteristic"] = ItemKind.Characteristic,
        ["threat"] = ItemKind.Threat,
        ["domain"] = ItemKind.Domain,
        ["stage"] = ItemKind.Stage,
        ["scenario"] = ItemKind.Scenario,
        ["scenario-threat"] = ItemKind.ScenarioThreat,
        ["role"] = ItemKind.Role,
        ["objective"] = ItemKind.Objective,
        ["control-group"] = ItemKind.ControlGroup,
        ["control"] = ItemKind.Control,
        ["note"] = ItemKind.Note,
    };

    internal static Command Create()
    {
        var model = new Command("model", "The ISO/IEC 24392 (SRM-IIP) reference model held by Palisade: list, show, export, coverage.");
        model.Subcommands.Add(List());
        model.Subcommands.Add(Show());
        model.Subcommands.Add(Export());
        model.Subcommands.Add(Coverage());
        return model;
    }

    private static Command List()
    {
        var kind = new Option<string?>("--kind") { Description = "Only items of this kind." };
        kind.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var command = new Command("list", "List catalogue items: id, clause, title.") { kind };
        command.SetAction(parse => Run(parse, (catalogue, output) =>
        {
            var selected = parse.GetValue(kind) is { } k ? catalogue.Items.Where(i => i.Kind == Kinds[k]) : catalogue.Items;
            foreach (var item in selected)
            {
                output.WriteLine($"{item.Id}\t{item.Clause}\t{item.Title}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "Catalogue id, e.g. threat.6.2.g.3 or control.8.2.4.e." };
        var command = new Command("show", "Show one item with all its links, both ways.") { id };
        command.SetAction(parse => Run(parse, (catalogue, output) =>
        {
            var wanted = parse.GetRequiredValue(id).Trim();
            if (!catalogue.TryGet(wanted, out var item))
            {
                var error = parse.InvocationConfiguration.Error;
                error.WriteLine($"No catalogue item has id '{wanted}'.");
                error.WriteLine($"Did you mean: {string.Join(", ", catalogue.SuggestIds(wanted))}?");
                error.WriteLine("Use 'palisade model list' to see every id.");
                return UnknownId;
            }

            ItemDescriber.Describe(catalogue, item, output);
            return 0;
        }));
        return command;
    }

    private static Command Export()
    {
        var format = new Option<string>("--format") { Description = "Export format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json");
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Export the whole resolved catalogue.") { format, outputFile };
        command.SetAction(parse => Run(parse, (catalogue, output) =>
        {
            var json = CatalogueExport.ToJson(catalogue);
            return Write(parse, parse.GetValue(outputFile), json, output);
        }));
        return command;
    }

    private static Command Coverage()
    {
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write the Markdown document here (e.g. docs/srm-coverage.md) instead of standard output." };
        var command = new Command("coverage", "Generate the coverage document: every objective and control, and how Palisade covers it.") { outputFile };
        command.SetAction(parse => Run(parse, (catalogue, output) =>
            Write(parse, parse.GetValue(outputFile), Encoding.UTF8.GetBytes(CoverageDocument.Render(catalogue)), output)));
        return command;
    }

    private static int Write(ParseResult parse, FileInfo? file, byte[] content, TextWriter output)
    {
        if (file is null)
        {
            output.Write(Encoding.UTF8.GetString(content));
            return 0;
        }

        try
        {
            file.Directory?.Create();
            File.WriteAllBytes(file.FullName, content);
            output.WriteLine($"Wrote {file.FullName}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"Cannot write {file.FullName}: {ex.Message}");
            return Failure;
        }
    }

    private static int Run(ParseResult parse, Func<SrmCatalogue, TextWriter, int> action)
    {
        SrmCatalogue catalogue;
        try
        {
            catalogue = SrmCatalogue.Default;
        }
        catch (CatalogueValidationException ex)
        {
            parse.InvocationConfiguration.Error.WriteLine(ex.Message);
            return Failure;
        }

        return action(catalogue, parse.InvocationConfiguration.Output);
    }
}
