namespace Palisade.Model.Items;

/// <summary>Whether a control is a lettered list item of the text or drawn from an unlettered paragraph.</summary>
public enum ControlForm
{
    /// <summary>A lettered item, e.g. 8.2.4 e).</summary>
    Lettered,
    /// <summary>An unlettered paragraph (ids <c>.p1</c>, <c>.p2</c>...): the letter is ours, not the standard's.</summary>
    Paragraph,
}
