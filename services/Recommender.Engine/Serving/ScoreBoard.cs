namespace Recommender.Engine.Serving;

/// <summary>Per-thread scratch for one request: dense score rows of which only touched cells are read and reset, so a request allocates little.</summary>
internal sealed class ScoreBoard
{
    [ThreadStatic] private static ScoreBoard? _current;

    public float[] Collaborative = [];
    public float[] Content = [];
    private bool[] _marked = [];
    public readonly List<int> Touched = [];

    public static ScoreBoard Rent(int size)
    {
        var board = _current ??= new ScoreBoard();
        if (board.Collaborative.Length < size)
        {
            var grown = Math.Max(size, board.Collaborative.Length * 2);
            board.Collaborative = new float[grown];
            board.Content = new float[grown];
            board._marked = new bool[grown];
        }
        board.Reset();
        return board;
    }

    public bool IsMarked(int item) => _marked[item];

    public void Mark(int item)
    {
        if (_marked[item]) return;
        _marked[item] = true;
        Touched.Add(item);
    }

    private void Reset()
    {
        foreach (var i in Touched) { Collaborative[i] = 0; Content[i] = 0; _marked[i] = false; }
        Touched.Clear();
    }
}
