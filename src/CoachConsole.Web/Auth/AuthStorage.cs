using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class ConnectorKeyRecordConfiguration : IEntityTypeConfiguration<ConnectorKeyRecord>
{
    public void Configure(EntityTypeBuilder<ConnectorKeyRecord> e)
    {
        e.Property(k => k.Name).HasMaxLength(200);
        e.Property(k => k.TeamId).HasMaxLength(64);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.Property(k => k.CreatedBy).HasMaxLength(256);
        e.HasIndex(k => k.Hash).IsUnique();
        e.HasOne<Team>().WithMany().HasForeignKey(k => k.TeamId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(a => a.Actor).HasMaxLength(256);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.Target).HasMaxLength(256);
        e.Property(a => a.Detail).HasMaxLength(1000);
        e.HasIndex(a => a.At);
    }
}
