namespace Platform.ApiService.Orders;

/// <summary>The order receipts' sender and templates (configuration section <c>Orders</c>).</summary>
public sealed class OrderOptions
{
    public const string SectionName = "Orders";

    /// <summary>The receipts' sender, one mailbox such as <c>Burger Shop &lt;orders@burgers.example&gt;</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>
    /// The folder holding <c>subject.liquid</c> and <c>receipt.liquid</c>. Default: <c>Orders/Templates</c>;
    /// a relative path is taken from the app's folder, where the build copies the templates.
    /// </summary>
    public string TemplateDirectory { get; set; } = Path.Combine("Orders", "Templates");

    private (OrderTemplates? Templates, string? Error)? _loaded;

    /// <summary>Parsed on first use, which is the start's validation, so requests reuse them and a broken one stops the start.</summary>
    internal (OrderTemplates? Templates, string? Error) Loaded =>
        _loaded ??= OrderTemplates.Load(Path.Combine(AppContext.BaseDirectory, TemplateDirectory));
}
