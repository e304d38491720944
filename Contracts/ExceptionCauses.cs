namespace Platform.Contracts;

public static class ExceptionCauses
{
    /// <summary>The exception itself if it is a <typeparamref name="T"/>, else its first cause that is, through inner and aggregated exceptions.</summary>
    public static T? Find<T>(this Exception exception) where T : Exception => exception switch
    {
        T found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(found => found is not null),
        _ => exception.InnerException?.Find<T>(),
    };
}
