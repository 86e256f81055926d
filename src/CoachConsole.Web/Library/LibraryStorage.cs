using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CoachConsole.Web.Data;

internal sealed class PhraseRecordConfiguration : IEntityTypeConfiguration<PhraseRecord>
{
    public void Configure(EntityTypeBuilder<PhraseRecord> e)
    {
        e.ToTable("Phrases");
        e.Property(p => p.Id).HasMaxLength(100);
        e.Property(p => p.Text).HasMaxLength(1000);
    }
}

internal sealed class AvoidRecordConfiguration : IEntityTypeConfiguration<AvoidRecord>
{
    public void Configure(EntityTypeBuilder<AvoidRecord> e)
    {
        e.ToTable("AvoidPhrases");
        e.Property(p => p.Id).HasMaxLength(100);
    }
}

internal sealed class LibraryDraftConfiguration : IEntityTypeConfiguration<LibraryDraft>
{
    public void Configure(EntityTypeBuilder<LibraryDraft> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class LibraryVersionConfiguration : IEntityTypeConfiguration<LibraryVersion>
{
    public void Configure(EntityTypeBuilder<LibraryVersion> e)
    {
        e.HasKey(x => x.Number);
        e.Property(x => x.Number).ValueGeneratedNever();
        e.Property(x => x.PublishedBy).HasMaxLength(200);
        e.Property(x => x.Note).HasMaxLength(500);
    }
}

internal sealed class DetectionCueRecordConfiguration : IEntityTypeConfiguration<DetectionCueRecord>
{
    public void Configure(EntityTypeBuilder<DetectionCueRecord> e)
    {
        e.ToTable("DetectionCues");
        e.Property(x => x.Phrase).HasMaxLength(100);
        e.Property(x => x.AddedBy).HasMaxLength(200);
    }
}

internal sealed class PersonaRecordConfiguration : IEntityTypeConfiguration<PersonaRecord>
{
    public void Configure(EntityTypeBuilder<PersonaRecord> e)
    {
        e.Property(x => x.Id).HasMaxLength(100);
        e.Property(x => x.UpdatedBy).HasMaxLength(200);
    }
}
