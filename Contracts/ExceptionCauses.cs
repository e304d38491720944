namespace Platform.Contracts;

public static class ExceptionCauses
{
    /// <summary>The exception itself if it matches, else its first cause that does, through inner and aggregated exceptions.</summary>
    public static Exception? FindCause(this Exception exception, Func<Exception, bool> match) => exception switch
    {
        _ when match(exception) => exception,
        AggregateException aggregate => aggregate.InnerExceptions.Select(inner => inner.FindCause(match)).FirstOrDefault(found => found is not null),
        _ => exception.InnerException?.FindCause(match),
    };

    /// <summary>The exception itself if it is a <typeparamref name="T"/>, else its first cause that is.</summary>
    public static T? Find<T>(this Exception exception) where T : Exception => (T?)exception.FindCause(cause => cause is T);
}
