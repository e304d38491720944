namespace Platform.ApiService.Authentication;

/// <summary><c>dotnet run --project ApiService -- hash-password PASSWORD</c> prints a hash for the Users section.</summary>
public static class PasswordHashCommand
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["hash-password", var password])
        {
            return false;
        }

        Console.WriteLine(PasswordHash.Create(password));
        return true;
    }
}
