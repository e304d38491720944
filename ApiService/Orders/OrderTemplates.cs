using System.Globalization;
using Fluid;

namespace Platform.ApiService.Orders;

/// <summary>The receipt's Liquid templates, parsed once; rendered as plain text (no HTML encoding).</summary>
public sealed class OrderTemplates
{
    public const string SubjectFile = "subject.liquid";
    public const string ReceiptFile = "receipt.liquid";

    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = CreateOptions();

    private readonly IFluidTemplate _subject;
    private readonly IFluidTemplate _receipt;

    private OrderTemplates(IFluidTemplate subject, IFluidTemplate receipt) => (_subject, _receipt) = (subject, receipt);

    /// <summary>The templates in <paramref name="directory"/>, or one line naming the file and what is wrong with it.</summary>
    public static (OrderTemplates? Templates, string? Error) Load(string directory)
    {
        var parsed = new List<IFluidTemplate>();
        foreach (var file in new[] { SubjectFile, ReceiptFile }.Select(name => Path.Combine(directory, name)))
        {
            if (!File.Exists(file)) return (null, $"{OrderOptions.SectionName}: the template '{file}' is missing.");
            if (!Parser.TryParse(File.ReadAllText(file), out var template, out var error))
            {
                return (null, $"{OrderOptions.SectionName}: the template '{file}' does not parse: {OneLine(error)}");
            }

            parsed.Add(template);
        }

        return (new OrderTemplates(parsed[0], parsed[1]), null);
    }

    public string RenderSubject(ReceiptView view) => OneLine(Render(_subject, view));

    public string RenderReceipt(ReceiptView view) => Render(_receipt, view);

    private static string Render(IFluidTemplate template, ReceiptView view) =>
        // A mail's text is not HTML: item names go out as they were ordered.
        template.Render(new TemplateContext(view, Options), NullEncoder.Default);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { CultureInfo = CultureInfo.InvariantCulture };
        // Liquid's names are snake_case: item.unit_price.
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<ReceiptView>();
        options.MemberAccessStrategy.Register<ReceiptLineView>();
        return options;
    }
}

/// <summary>What the templates see: the greeting's name and the order, its money already formatted.</summary>
public sealed record ReceiptView(string Name, string OrderId, string Placed, ReceiptLineView[] Items, string Total);

public sealed record ReceiptLineView(string Name, int Quantity, string UnitPrice, string Amount);
