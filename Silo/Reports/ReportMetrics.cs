using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;

namespace Platform.Silo.Reports;

/// <summary>Reports signed, and report_ready signals seen again for a report already signed.</summary>
public sealed class ReportMetrics
{
    private readonly Counter<long> _signed;
    private readonly Counter<long> _duplicates;

    public ReportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Signals);
        _signed = meter.CreateCounter<long>("platform.reports.signed", "{report}", "Reports signed");
        _duplicates = meter.CreateCounter<long>("platform.reports.duplicate_signatures", "{signal}", "Signatures refused because the report was signed already");
    }

    public void Signed() => _signed.Add(1);

    public void DuplicateSignature() => _duplicates.Add(1);
}
