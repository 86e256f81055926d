using CoachConsole.Core.Practice;
using CoachConsole.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CoachConsole.Web.Library;

/// <summary>The practice personas trainers write and edit; the shipped ones are the starting set.</summary>
public sealed class PersonaStore(IDbContextFactory<CoachDbContext> dbFactory, Core.Privacy.TranscriptMasker masker, TimeProvider clock)
{
    public async Task<IReadOnlyList<Persona>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Personas.AnyAsync(cancellationToken))
        {
            db.Personas.AddRange(DefaultPersonas.Load().Select(p => new PersonaRecord { Id = p.Id, Json = DefaultPersonas.ToJson(p), UpdatedBy = "system", UpdatedAt = clock.GetUtcNow() }));
            await db.SaveChangesAsync(cancellationToken);
        }

        var records = await db.Personas.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return records.Select(r => DefaultPersonas.Parse(r.Json).Persona).OfType<Persona>().ToList();
    }

    /// <summary>Adds or replaces a persona written as JSON; refused, with what is wrong, when it cannot be played.</summary>
    public async Task<Persona> SaveAsync(string json, string actor, CancellationToken cancellationToken = default)
    {
        var (parsed, errors) = DefaultPersonas.Parse(json ?? "");
        if (parsed is null)
        {
            throw new InputRejectedException("persona", string.Join(" ", errors));
        }

        ChosenIds.Check(parsed.Id, "id");
        var persona = Masked(parsed);

        await AllAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Personas.FirstOrDefaultAsync(p => p.Id == persona.Id, cancellationToken);
        if (record is null)
        {
            db.Personas.Add(record = new PersonaRecord { Id = persona.Id, Json = "", UpdatedBy = actor });
        }

        record.Json = DefaultPersonas.ToJson(persona);
        record.UpdatedBy = actor;
        record.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return persona;
    }

    /// <summary>Everything a trainer wrote that a trainee sees or the coach fills into cards, masked like turns.</summary>
    private Persona Masked(Persona persona) => persona with
    {
        Name = masker.Mask(persona.Name),
        Scenario = masker.Mask(persona.Scenario),
        Issue = masker.Mask(persona.Issue),
        Options = persona.Options.Select(masker.Mask).ToList(),
        Opening = persona.Opening.Select(masker.Mask).ToList(),
        Lines = persona.Lines.Select(l => l with { Text = masker.Mask(l.Text) }).ToList(),
    };
}
